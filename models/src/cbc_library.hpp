#pragma once
// COIN-OR CBC's C interface, loaded the first time a covering program is solved. CBC and the
// libraries it needs (Cgl, Clp, Osi, CoinUtils, LAPACK, BLAS, gfortran: 13 in all) are then
// resolved by the dynamic loader; a command that solves no covering program (ccsim run, staff,
// compare, --version...) never loads them, and starts as fast as before ccsim could schedule.
#include <Cbc_C_Interface.h>

namespace ccsim::models::detail {

/// The functions of CBC's C interface that covering.cpp calls, each the library's own.
struct CbcLibrary {
  decltype(&Cbc_newModel) newModel;
  decltype(&Cbc_deleteModel) deleteModel;
  decltype(&Cbc_setLogLevel) setLogLevel;
  decltype(&Cbc_loadProblem) loadProblem;
  decltype(&Cbc_addRow) addRow;
  decltype(&Cbc_setObjSense) setObjSense;
  decltype(&Cbc_setInteger) setInteger;
  decltype(&Cbc_setMaximumSeconds) setMaximumSeconds;
  decltype(&Cbc_solve) solve;
  decltype(&Cbc_getColSolution) getColSolution;
  decltype(&Cbc_isProvenOptimal) isProvenOptimal;
  decltype(&Cbc_isProvenInfeasible) isProvenInfeasible;
  decltype(&Cbc_setMIPStartI) setMIPStartI;
  decltype(&Cbc_setParameter) setParameter;
  decltype(&Cbc_numberPrimalInfeasibilities) numberPrimalInfeasibilities;
  decltype(&Cbc_getObjValue) getObjValue;
  decltype(&Cbc_getBestPossibleObjValue) getBestPossibleObjValue;
};

/// CBC's functions, the library loaded on the first call (thread-safe). Throws
/// std::domain_error naming the library and the package to install when it cannot be loaded.
const CbcLibrary& cbc_library();

}  // namespace ccsim::models::detail

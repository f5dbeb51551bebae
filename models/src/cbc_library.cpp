#include "cbc_library.hpp"

#include <dlfcn.h>

#include <mutex>
#include <stdexcept>
#include <string>

namespace ccsim::models::detail {

namespace {

// The library's file name as the dynamic loader knows it (its SONAME, found when ccsim was
// configured: models/CMakeLists.txt).
constexpr const char* library_name = CCSIM_CBC_LIBRARY;

template <typename Function>
void find(void* library, Function& function, const char* name) {
  void* symbol = dlsym(library, name);
  if (symbol == nullptr) {
    throw std::domain_error(std::string("COIN-OR CBC (") + library_name + ") has no function " + name +
                            ": install the CBC that ccsim was built with (scripts/setup.sh)");
  }
  function = reinterpret_cast<Function>(symbol);
}

CbcLibrary load() {
  // Kept loaded until the process ends (CBC's static objects are not ours to unload).
  void* library = dlopen(library_name, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* reason = dlerror();
    throw std::domain_error(std::string("shift scheduling needs COIN-OR CBC, and ") + library_name +
                            " could not be loaded (" + (reason != nullptr ? reason : "no reason given") +
                            "): install coinor-libcbc3 (scripts/setup.sh installs it)");
  }
  CbcLibrary c{};
  find(library, c.newModel, "Cbc_newModel");
  find(library, c.deleteModel, "Cbc_deleteModel");
  find(library, c.setLogLevel, "Cbc_setLogLevel");
  find(library, c.loadProblem, "Cbc_loadProblem");
  find(library, c.addRow, "Cbc_addRow");
  find(library, c.setObjSense, "Cbc_setObjSense");
  find(library, c.setInteger, "Cbc_setInteger");
  find(library, c.setMaximumSeconds, "Cbc_setMaximumSeconds");
  find(library, c.solve, "Cbc_solve");
  find(library, c.getColSolution, "Cbc_getColSolution");
  find(library, c.isProvenOptimal, "Cbc_isProvenOptimal");
  find(library, c.isProvenInfeasible, "Cbc_isProvenInfeasible");
  find(library, c.setMIPStartI, "Cbc_setMIPStartI");
  find(library, c.setParameter, "Cbc_setParameter");
  find(library, c.numberPrimalInfeasibilities, "Cbc_numberPrimalInfeasibilities");
  find(library, c.getObjValue, "Cbc_getObjValue");
  find(library, c.getBestPossibleObjValue, "Cbc_getBestPossibleObjValue");
  return c;
}

}  // namespace

const CbcLibrary& cbc_library() {
  // A failed load is tried again at the next call (the exception leaves the flag unset).
  static std::once_flag once;
  static CbcLibrary library;
  std::call_once(once, [] { library = load(); });
  return library;
}

}  // namespace ccsim::models::detail

# Install rules and the CMake package: `cmake --install build --prefix P` puts the headers, the
# libraries, the ccsim and ccsim-gui binaries and lib/cmake/ccsim/ccsimConfig.cmake under P, so
# that another project can `find_package(ccsim)` and link ccsim::models, ccsim::sim (or one of
# its layers: ccsim::scenario, ccsim::engine, ccsim::run, ccsim::plan) or ccsim::whatif. (The compiler settings target ccsim::settings is for ccsim's own build only.)
include(CMakePackageConfigHelpers)

set(CCSIM_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/ccsim CACHE STRING "Where ccsimConfig.cmake is installed")

set_target_properties(ccsim_models PROPERTIES EXPORT_NAME models)
set_target_properties(ccsim_scenario PROPERTIES EXPORT_NAME scenario)
set_target_properties(ccsim_engine PROPERTIES EXPORT_NAME engine)
set_target_properties(ccsim_run PROPERTIES EXPORT_NAME run)
set_target_properties(ccsim_plan PROPERTIES EXPORT_NAME plan)
set_target_properties(ccsim_sim PROPERTIES EXPORT_NAME sim)
set_target_properties(ccsim_whatif PROPERTIES EXPORT_NAME whatif)
install(TARGETS ccsim_models ccsim_scenario ccsim_engine ccsim_run ccsim_plan ccsim_sim ccsim_whatif EXPORT ccsimTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/models/include/ ${PROJECT_SOURCE_DIR}/sim/scenario/include/
                  ${PROJECT_SOURCE_DIR}/sim/engine/include/ ${PROJECT_SOURCE_DIR}/sim/run/include/
                  ${PROJECT_SOURCE_DIR}/plan/include/ ${PROJECT_SOURCE_DIR}/viz/include/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS ccsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET ccsim-mpi)
  install(TARGETS ccsim-mpi RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
if(TARGET ccsim-gui)
  install(TARGETS ccsim-gui RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(EXPORT ccsimTargets NAMESPACE ccsim:: FILE ccsimTargets.cmake DESTINATION ${CCSIM_INSTALL_CMAKEDIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/ccsimConfig.cmake.in ${PROJECT_BINARY_DIR}/ccsimConfig.cmake
                              INSTALL_DESTINATION ${CCSIM_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ccsimConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ccsimConfig.cmake ${PROJECT_BINARY_DIR}/ccsimConfigVersion.cmake
        DESTINATION ${CCSIM_INSTALL_CMAKEDIR})

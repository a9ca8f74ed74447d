# Installs what a Debian user expects: the library and CLI, the headers, the CMake package
# (targets retort::dsl, retort::runtime, retort::retort and retort_add_migrations()), the docs
# and the example bundle's sources.
include(CMakePackageConfigHelpers)

install(TARGETS retort_dsl retort_runtime retort
  EXPORT retortTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS retort_full RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/retort)
install(TARGETS retort_database_heads retort_offline_script
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/retort)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/retort
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(RETORT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/retort)
install(EXPORT retortTargets NAMESPACE retort:: DESTINATION ${RETORT_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/retortConfig.cmake.in
  ${PROJECT_BINARY_DIR}/retortConfig.cmake INSTALL_DESTINATION ${RETORT_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/retortConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/retortConfig.cmake
  ${PROJECT_BINARY_DIR}/retortConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/RetortMigrations.cmake
  ${PROJECT_SOURCE_DIR}/cmake/RetortUnitySource.cmake
  ${PROJECT_SOURCE_DIR}/cmake/retort_plugin_entry.cpp
  ${PROJECT_SOURCE_DIR}/cmake/retort_model_entry.cpp
  DESTINATION ${RETORT_CMAKE_DIR})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/migrations/versions
  DESTINATION ${CMAKE_INSTALL_DATADIR}/retort/examples/wine_catalogue)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
include(RetortPackage)

# `cpack -G DEB` in the build directory: retort_<version>_amd64.deb with everything the install
# rules put in a prefix (the CLI, libretort, the headers, the CMake package, the docs), for
# /usr. Run-time dependencies come from dpkg-shlibdeps (dpkg-dev), so they name exactly the
# Debian 12 libraries the binaries were linked against; what building migrations needs on top
# (Boost.DLL's headers, which every plugin includes, a compiler, CMake) is declared by hand.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME retort)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "the retort developers")
set(CPACK_PACKAGE_CONTACT "retort developers <retort@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "schema migrations for PostgreSQL written in C++, compiled like code")
set(CPACK_PACKAGE_DESCRIPTION
  "Migrations are C++ translation units against an op:: API, built into plugins with CMake's\n\
retort_add_migrations(); the retort command orders them by down_revision like Alembic, runs\n\
them on PostgreSQL and keeps an alembic_version-compatible version table.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # retort_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libretort itself is in the package; dpkg-shlibdeps finds it in the build tree.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR}/runtime)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libboost-dev (>= 1.74)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "cmake (>= 3.25), g++ (>= 4:12), postgresql-client")
# Debug information stays in the build tree; the package ships stripped binaries, as Debian does.
set(CPACK_STRIP_FILES ON)
include(CPack)

// toml++'s compiled part, inside the self-contained front door (see generator/CMakeLists.txt):
// what libtomlplusplus.so would otherwise bring for reading retort.toml.
#define TOML_IMPLEMENTATION 1
#include <toml++/toml.h>

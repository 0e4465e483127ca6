# The core as a declared DAG: one static library per folder of src/core.
#
#   retort_core_module(NAME [DEPENDS module...] [PUBLIC_LIBS lib...] [PRIVATE_LIBS lib...])
#
# makes `retort_core_<NAME>` from src/core/NAME/*.{cpp,h}. DEPENDS names the modules whose
# headers NAME may include (and links them); what they may include, NAME may include too. The
# edges are recorded, and retort_core_check_layers() adds a build step that refuses any include
# of a core module that is not below the includer (cmake/CheckLayers.cmake): a wrong-way include
# fails the build before anything compiles. The picture is drawn in docs/ARCHITECTURE.md.

set_property(GLOBAL PROPERTY RETORT_CORE_MODULES "")
set_property(GLOBAL PROPERTY RETORT_CORE_EDGES "")

function(retort_core_module name)
  cmake_parse_arguments(M "" "" "DEPENDS;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  set(dir ${CMAKE_CURRENT_SOURCE_DIR}/core/${name})
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp ${dir}/*.h)
  set(target retort_core_${name})
  add_library(${target} STATIC ${sources})
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/core)
  foreach(dep IN LISTS M_DEPENDS)
    get_property(known GLOBAL PROPERTY RETORT_CORE_MODULES)
    if(NOT dep IN_LIST known)
      message(FATAL_ERROR "core module ${name} depends on ${dep}, which is not declared before it")
    endif()
    target_link_libraries(${target} PUBLIC retort_core_${dep})
    set_property(GLOBAL APPEND PROPERTY RETORT_CORE_EDGES "${name}:${dep}")
  endforeach()
  if(M_PUBLIC_LIBS)
    target_link_libraries(${target} PUBLIC ${M_PUBLIC_LIBS})
  endif()
  if(M_PRIVATE_LIBS)
    target_link_libraries(${target} PRIVATE ${M_PRIVATE_LIBS})
  endif()
  set_property(GLOBAL APPEND PROPERTY RETORT_CORE_MODULES ${name})
endfunction()

# The layer check as a build step every core module waits for, and as a test (with a tree that
# breaks the rules, to show the check can fail).
function(retort_core_check_layers)
  get_property(modules GLOBAL PROPERTY RETORT_CORE_MODULES)
  get_property(edges GLOBAL PROPERTY RETORT_CORE_EDGES)
  set(root ${CMAKE_CURRENT_SOURCE_DIR}/core)
  file(GLOB_RECURSE all CONFIGURE_DEPENDS ${root}/*.cpp ${root}/*.h)
  set(stamp ${CMAKE_CURRENT_BINARY_DIR}/core-layers.ok)
  # Lists travel comma-separated: a ';' would split the command's arguments.
  string(REPLACE ";" "," modules_arg "${modules}")
  string(REPLACE ";" "," edges_arg "${edges}")
  set(args -DROOT=${root} -DMODULES=${modules_arg} -DEDGES=${edges_arg}
      -P ${CMAKE_SOURCE_DIR}/cmake/CheckLayers.cmake)
  add_custom_command(OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} ${args}
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${all} ${CMAKE_SOURCE_DIR}/cmake/CheckLayers.cmake ${CMAKE_CURRENT_LIST_FILE}
    COMMENT "Checking the core's includes against its declared layers"
    VERBATIM)
  add_custom_target(retort_core_layers DEPENDS ${stamp})
  foreach(m IN LISTS modules)
    add_dependencies(retort_core_${m} retort_core_layers)
  endforeach()
  set(RETORT_LAYER_CHECK_ARGS -DMODULES=${modules_arg} -DEDGES=${edges_arg}
      -P ${CMAKE_SOURCE_DIR}/cmake/CheckLayers.cmake CACHE INTERNAL "the layer check's arguments")
endfunction()

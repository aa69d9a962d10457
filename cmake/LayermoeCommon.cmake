# Project-wide settings live on one interface target that every target links.
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

find_program(LAYERMOE_CCACHE ccache)
if(LAYERMOE_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${LAYERMOE_CCACHE})
endif()

add_library(layermoe_settings INTERFACE)
target_compile_features(layermoe_settings INTERFACE cxx_std_20)
target_compile_options(layermoe_settings INTERFACE
  -Wall -Wextra -Wno-unused-parameter -Wno-error=deprecated-declarations)
if(LAYERMOE_WERROR)
  target_compile_options(layermoe_settings INTERFACE -Werror)
endif()
target_compile_definitions(layermoe_settings INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CONTEXTLESS_CONNECT
  LAYERMOE_VERSION="${PROJECT_VERSION}")

# layermoe_add_test(NAME SOURCES a.cpp ... LIBS x y LABELS fast|slow [TIMEOUT s])
function(layermoe_add_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE layermoe_settings Qt6::Test ${T_LIBS})
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  add_test(NAME ${name} COMMAND ${name})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LAYERMOE_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# Translations of the GUI (included from src/CMakeLists.txt, after retort_gui is defined).
#
# translations/retort_<lang>.ts are sources kept in git: only the explicit
# `retort_update_translations` target rewrites them (lupdate); `clean` never deletes them. The
# compiled .qm files are build products, embedded into retort_gui under :/i18n and loaded at
# startup for the system locale (src/app/main.cpp).
find_package(Qt6 REQUIRED COMPONENTS LinguistTools)

set(RETORT_TS_FILES ${CMAKE_SOURCE_DIR}/translations/retort_de.ts)
file(GLOB RETORT_TRANSLATABLE_SOURCES CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/src/gui/*.cpp ${CMAKE_SOURCE_DIR}/src/gui/*.h
     ${CMAKE_SOURCE_DIR}/forms/*.ui ${CMAKE_SOURCE_DIR}/src/app/main.cpp)

qt_add_translations(retort_gui
  TS_FILES ${RETORT_TS_FILES}
  SOURCES ${RETORT_TRANSLATABLE_SOURCES}
  RESOURCE_PREFIX /i18n
  LUPDATE_OPTIONS -locations none -no-obsolete)

add_custom_target(retort_update_translations DEPENDS retort_gui_lupdate
                  COMMENT "Updating translations/*.ts from the GUI sources")

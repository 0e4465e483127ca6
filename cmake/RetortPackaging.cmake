# Desktop integration files (included from src/CMakeLists.txt): the reverse-DNS .desktop entry,
# the AppStream metainfo and the application icon, installed where desktops look for them.
include(GNUInstallDirs)

set(RETORT_APP_ID io.github.retort.Retort)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/${RETORT_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/${RETORT_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/retort.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${RETORT_APP_ID}.svg)

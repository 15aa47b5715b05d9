# Assets generated at build time into ${CMAKE_BINARY_DIR}/assets, the same way for both builds:
#   tongban-ui.ttf  the kiosk's font, cut from Debian's WenQuanYi Micro Hei (tools/font/)
# Debian's python3-fonttools is only visible to Debian's own python.
set(TB_SYSTEM_PYTHON /usr/bin/python3)
set(TB_ASSETS_OUT ${CMAKE_BINARY_DIR}/assets)
file(MAKE_DIRECTORY ${TB_ASSETS_OUT})

set(TB_SOURCE_FONT /usr/share/fonts/truetype/wqy/wqy-microhei.ttc)
# Every file whose characters the kiosk may draw.
file(GLOB_RECURSE TB_UI_TEXT_FILES CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/core/ui_strings.h ${PROJECT_SOURCE_DIR}/core/app/*.h ${PROJECT_SOURCE_DIR}/core/app/*.cpp
  ${PROJECT_SOURCE_DIR}/core/form/*.cpp ${PROJECT_SOURCE_DIR}/core/code/*.cpp
  ${PROJECT_SOURCE_DIR}/core/guide/*.cpp ${PROJECT_SOURCE_DIR}/core/seal/*.cpp
  ${PROJECT_SOURCE_DIR}/core/outbox/*.cpp ${PROJECT_SOURCE_DIR}/core/check/ethnicity.cpp ${PROJECT_SOURCE_DIR}/core/card/*.cpp
  ${PROJECT_SOURCE_DIR}/kiosk/*.cpp ${PROJECT_SOURCE_DIR}/kiosk/*.h
  ${PROJECT_SOURCE_DIR}/assets/*.yaml)
add_custom_command(
  OUTPUT ${TB_ASSETS_OUT}/tongban-ui.ttf ${TB_ASSETS_OUT}/tongban-ui.chars.txt
  COMMAND ${TB_SYSTEM_PYTHON} ${PROJECT_SOURCE_DIR}/tools/font/subset_font.py
          --font ${TB_SOURCE_FONT} --font-number 0
          --out ${TB_ASSETS_OUT}/tongban-ui.ttf --chars-out ${TB_ASSETS_OUT}/tongban-ui.chars.txt
          ${TB_UI_TEXT_FILES}
  DEPENDS ${PROJECT_SOURCE_DIR}/tools/font/subset_font.py ${TB_UI_TEXT_FILES}
  COMMENT "Cutting the kiosk font (GB 2312 level 1 + app strings + data)"
  VERBATIM)
add_custom_target(tb_font ALL DEPENDS ${TB_ASSETS_OUT}/tongban-ui.ttf)

# The Chinese input's data for the browser kiosk (kiosk/input/engines_web.cpp), fetched only when an
# input first needs it: googlepinyin's lexicon as text (also read by the native agreement test and
# benchmark), and zinnia's model cut to the characters the kiosk font draws (wasm build only).
set(TB_PINYIN_SOURCE /usr/share/rime-data/pinyin_simp.dict.yaml)
add_custom_command(
  OUTPUT ${TB_ASSETS_OUT}/pinyin-lexicon.tsv
  COMMAND ${TB_SYSTEM_PYTHON} ${PROJECT_SOURCE_DIR}/tools/gen/pinyin_lexicon.py --source ${TB_PINYIN_SOURCE}
          --out ${TB_ASSETS_OUT}/pinyin-lexicon.tsv
  DEPENDS ${PROJECT_SOURCE_DIR}/tools/gen/pinyin_lexicon.py ${TB_PINYIN_SOURCE}
  COMMENT "pinyin lexicon from rime-data-pinyin-simp"
  VERBATIM)
add_custom_target(tb_pinyin_lexicon ALL DEPENDS ${TB_ASSETS_OUT}/pinyin-lexicon.tsv)
if(TB_WASM)
  set(TB_ZINNIA_SOURCE_MODEL /usr/share/tegaki/models/zinnia/handwriting-zh_CN.model)
  add_custom_command(
    OUTPUT ${TB_ASSETS_OUT}/handwriting-zh_CN.model
    COMMAND ${TB_SYSTEM_PYTHON} ${PROJECT_SOURCE_DIR}/tools/gen/zinnia_model.py --source ${TB_ZINNIA_SOURCE_MODEL}
            --chars ${TB_ASSETS_OUT}/tongban-ui.chars.txt --out ${TB_ASSETS_OUT}/handwriting-zh_CN.model
    DEPENDS ${PROJECT_SOURCE_DIR}/tools/gen/zinnia_model.py ${TB_ZINNIA_SOURCE_MODEL} ${TB_ASSETS_OUT}/tongban-ui.chars.txt
    COMMENT "handwriting model cut to the kiosk font's characters"
    VERBATIM)
  add_custom_target(tb_hand_model ALL DEPENDS ${TB_ASSETS_OUT}/handwriting-zh_CN.model)
endif()

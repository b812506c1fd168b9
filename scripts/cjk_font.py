#!/usr/bin/python3
"""Cuts the app's CJK font: WenQuanYi Micro Hei (Debian's fonts-wqy-microhei) reduced to the characters in common
use, so the page stays small. Run at build time by ui/CMakeLists.txt with Debian's python3 (python3-fonttools).

    /usr/bin/python3 scripts/cjk_font.py SOURCE.ttc OUT.ttf

Kept: GB 2312's level-1 hanzi (the 3755 most used characters of Simplified Chinese, which hold every character
of the tutorials' programs and the interface's Chinese labels), CJK and full-width punctuation, general
punctuation, arrows and dingbats. Dropped: hinting, layout features, all names but family and style.
"""
import sys

from fontTools import subset
from fontTools.ttLib import TTFont


def common_characters():
    chars = set()
    for hi in range(0xB0, 0xD8):  # GB 2312 rows 16-55: level 1
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass  # the unassigned cells of row 55
    for lo, hi in [(0x2010, 0x205E), (0x2190, 0x21FF), (0x2460, 0x24FF), (0x2700, 0x27BF), (0x3000, 0x303F),
                   (0xFF00, 0xFFEF)]:
        chars.update(range(lo, hi + 1))
    return chars


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: cjk_font.py SOURCE.ttc OUT.ttf")
    font = TTFont(sys.argv[1], fontNumber=0)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = [1, 2]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]
    options.ignore_missing_unicodes = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=common_characters())
    sub.subset(font)
    font.save(sys.argv[2])
    print(f"cjk_font: {sys.argv[2]}: {len(font.getBestCmap())} characters")


if __name__ == "__main__":
    main()

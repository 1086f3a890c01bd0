#!/usr/bin/env python3
"""Count the words of the posts in a blahg data directory."""

import pathlib
import re
import sys

WORD = re.compile(r"[A-Za-z0-9]+")


def count_words(data_dir: pathlib.Path) -> dict[int, int]:
    counts = {}
    for tex in sorted(data_dir.glob("posts/*/post.tex")):
        post_id = int(tex.parent.name)
        counts[post_id] = len(WORD.findall(tex.read_text(encoding="utf-8")))
    return counts


if __name__ == "__main__":
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    for post_id, words in count_words(root).items():
        print(f"{post_id:>5} {words:>7}")

"""Hostile and damaged inputs, generated from a seed: zip structure, member names, CSV and HTML content, dates,
folder inputs with special files. Used by the quick fuzz profile in the tests and by bench/fuzz.py.

Every case plants MARKER in some cell, so a check can assert that no cell content reaches an error message.
"""

from __future__ import annotations

import io
import os
import random
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

MARKER = "QXMARKERQX"
PROFILE = f"First Name,Last Name,Geo Location,Birth Date\nTalia,{MARKER},Greater Seattle Area,1988-04-12\n"
SHARES_HEADER = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
GOOD = {
    "Profile.csv": PROFILE,
    "Connections.csv": "Notes:\nSome notes\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                       f"Ana,Lee,,ana@example.com,Contoso,Engineer,03 Jun 2024\nBo,{MARKER},,,,,04 Jun 2024\n",
    "Shares.csv": SHARES_HEADER + f'2025-01-01 10:00:00,https://x/1,"Hello {MARKER} and Ana Lee",,,PUBLIC\n',
    "Comments.csv": f"Date,Link,Message\n2025-02-01 10:00:00,https://x/2,\"Nice {MARKER}\"\n",
    "Skills.csv": "Name\nPython\nSQL\n",
}


def _zip(files: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return buffer.getvalue()


def _flip(data: bytes, rng: random.Random, count: int, start: int = 0) -> bytes:
    out = bytearray(data)
    for _ in range(count):
        if len(out) > start:
            out[rng.randrange(start, len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _central_directory(data: bytes) -> int:
    return max(data.rfind(b"PK\x01\x02"), 0)


# ------------------------------------------------------------------------------------------------ generators
# each returns the bytes of a .zip (or, for folder cases, a dict of relative path -> bytes | "fifo")

def truncated(rng: random.Random) -> bytes:
    data = _zip(GOOD)
    return data[: rng.randrange(1, len(data))]


def bit_flips_in_data(rng: random.Random) -> bytes:
    return _flip(_zip(GOOD), rng, rng.randint(1, 20))


def bit_flips_in_central_directory(rng: random.Random) -> bytes:
    data = _zip(GOOD)
    return _flip(data, rng, rng.randint(1, 8), _central_directory(data))


def wrong_crc(rng: random.Random) -> bytes:
    data = bytearray(_zip(GOOD))
    at = data.find(b"PK\x03\x04")
    data[at + 14: at + 18] = struct.pack("<I", rng.getrandbits(32))
    return bytes(data)


def unknown_compression(rng: random.Random) -> bytes:
    data = bytearray(_zip(GOOD))
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = data.find(signature)
        while at >= 0:
            if rng.random() < 0.5:
                data[at + offset: at + offset + 2] = struct.pack("<H", rng.choice([1, 6, 9, 12, 14, 93, 99, 255]))
            at = data.find(signature, at + 4)
    return bytes(data)


def lying_sizes(rng: random.Random) -> bytes:
    data = bytearray(_zip(GOOD))
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        data[at + 24: at + 28] = struct.pack("<I", rng.choice([0, 1, 1000, 2**31, 2**32 - 1]))
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def encrypted_flag(rng: random.Random) -> bytes:
    data = bytearray(_zip(GOOD))
    at = data.find(b"PK\x01\x02")
    data[at + 8] |= 1
    return bytes(data)


def bomb_member(rng: random.Random) -> bytes:
    size = rng.choice([3, 12, 40]) * 1024**2
    return _zip({**GOOD, "Votes.csv": b"a,b\n" + b"0" * size})


def lzma_member(rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in GOOD.items():
            archive.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("Reactions.csv", b"Date,Type,Link\n" + b"x" * rng.choice([10, 10**6]),
                         compress_type=rng.choice([zipfile.ZIP_LZMA, zipfile.ZIP_BZIP2]))
    return buffer.getvalue()


def duplicate_and_nested(rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in GOOD.items():
            archive.writestr(name, content)
        archive.writestr("Skills.csv", "Name\nDuplicate\n")
        archive.writestr("Nested.zip", _zip(GOOD))
        link = zipfile.ZipInfo("Link.csv")
        link.external_attr = (0o120777 << 16)
        archive.writestr(link, "/etc/passwd")
    return buffer.getvalue()


def odd_member_names(rng: random.Random) -> bytes:
    names = ["", "/", "a\nb.csv", "Shares\r.csv", "[bold]x[/bold].csv", "[link=http://e]y[/link].csv", "x" * 300,
             "dir/", "Shares .csv", "ünï.csv", "\x00.csv", "CON.csv", "a\tb.csv"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in GOOD.items():
            archive.writestr(name, content)
        for name in rng.sample(names, 4):
            info = zipfile.ZipInfo(name or "placeholder")
            if not name:
                info.filename = ""
            archive.writestr(info, "Name\nx\n")
    data = bytearray(buffer.getvalue())
    if rng.random() < 0.5:  # a name that is not UTF-8 while the UTF-8 flag says it is
        at = data.find(b"PK\x01\x02")
        data[at + 8] |= 0x08
        name_at = at + 46
        data[name_at] = 0xFF
    return bytes(data)


def many_members(rng: random.Random) -> bytes:
    count = rng.choice([2_000, 20_000])
    return _zip({**GOOD, **{f"x{i}.csv": "" for i in range(count)}}, zipfile.ZIP_STORED)


def _csv_payload(rng: random.Random) -> bytes:
    kind = rng.choice(["quote", "nul", "huge_field", "columns", "ragged", "latin1", "utf16", "formula", "binary",
                       "glued", "header_only", "empty", "bom_bad"])
    header = SHARES_HEADER
    if kind == "quote":
        return (header + f'2025-01-01 10:00:00,,"never closed {MARKER}\n' + "x,y\n" * rng.randint(1, 5000)).encode()
    if kind == "nul":
        return (header + f"2025-01-01 10:00:00,,a\x00b {MARKER},,,PUBLIC\n").encode()
    if kind == "huge_field":
        return (header + '2025-01-01 10:00:00,,"' + MARKER + "y" * rng.choice([10**5, 10**7]) + '",,,PUBLIC\n').encode()
    if kind == "columns":
        return (",".join(f"c{i}" for i in range(rng.choice([500, 10_000, 50_000]))) + "\n" + "1\n" * 2000).encode()
    if kind == "ragged":
        rows = "\n".join(",".join(["v"] * rng.randint(0, 30)) for _ in range(500))
        return (header + rows + f"\n{MARKER}").encode()
    if kind == "latin1":
        return (header + f"2025-01-01 10:00:00,,Café {MARKER},,,PUBLIC\n").encode("latin-1")
    if kind == "utf16":
        return (header + f"2025-01-01 10:00:00,,Hi {MARKER},,,PUBLIC\n").encode("utf-16")
    if kind == "formula":
        return (header + f'2025-01-01 10:00:00,,"=HYPERLINK(""http://e"",""{MARKER}"")",,,PUBLIC\n').encode()
    if kind == "binary":
        return os.urandom(rng.choice([100, 100_000]))
    if kind == "glued":
        return (header + '2025-01-01 10:00:00,,"' + "AnaLee" * 20_000 + " Ana Lee" * 2000 + '",,,PUBLIC\n').encode()
    if kind == "header_only":
        return header.encode()
    if kind == "empty":
        return b""
    return b"\xef\xbb\xbf" + b"\xff\xfe" * 100


def damaged_csv(rng: random.Random) -> bytes:
    target = rng.choice(["Shares.csv", "Comments.csv", "Skills.csv", "Connections.csv", "Votes.csv"])
    return _zip({**GOOD, target: _csv_payload(rng)})


def damaged_html(rng: random.Random) -> bytes:
    kind = rng.choice(["nested", "ends", "big", "script", "garbage"])
    if kind == "nested":
        html = "<div>" * rng.choice([10_000, 100_000]) + MARKER
    elif kind == "ends":
        html = "<div>" * 50_000 + "</span>" * 50_000
    elif kind == "big":
        html = "<html><body><h1><a href='u'>T</a></h1>" + f"<p>{MARKER} text</p>" * 60_000
    elif kind == "script":
        html = "<script>" + "x" * 100_000
    else:
        html = os.urandom(5000).decode("latin-1")
    return _zip({**GOOD, "Articles/Articles/post.html": html})


def odd_dates(rng: random.Random) -> bytes:
    birth = rng.choice(["9999-12-31", "0001-01-01", "2030-02-30", "1900-01-01", "Jan 1", MARKER, "2008-02-29"])
    profile = f"First Name,Last Name,Geo Location,Birth Date\nTalia,Hollingsworth,Nowhere,{birth}\n"
    shares = SHARES_HEADER + "".join(f"{d},,x {MARKER},,,PUBLIC\n" for d in
                                     ["9999-12-31 23:59:59", "0001-01-01 00:00:00", "2025-13-45 10:00:00",
                                      "not a date", "1970-01-01 00:00:00"])
    return _zip({**GOOD, "Profile.csv": profile, "Shares.csv": shares})


X_GOOD = {
    "Your archive.html": "<html></html>",
    "data/account.js": 'window.YTD.account.part0 = [ { "account" : { "username" : "avery_q", "accountDisplayName" : '
                       f'"{MARKER}", "createdAt" : "2012-09-17T21:35:48.000Z" }} }} ]',
    "data/tweets.js": 'window.YTD.tweets.part0 = [ { "tweet" : { "id_str" : "1", "full_text" : "hello '
                      f'{MARKER}", "created_at" : "Fri Sep 01 09:00:00 +0000 2023" }} }} ]',
    "data/like.js": 'window.YTD.like.part0 = [ { "like" : { "tweetId" : "9", "fullText" : "x" } } ]',
}


def damaged_x(rng: random.Random) -> bytes:
    """An X archive whose one data file is damaged: bad JSON, deep nesting, wrong types, a lying assignment."""
    kind = rng.choice(["json", "nesting", "types", "no_assignment", "huge_string", "binary"])
    payload = {
        "json": 'window.YTD.tweets.part1 = [ { "tweet" : { "full_text" : "' + MARKER + '" ',
        "nesting": "window.YTD.tweets.part1 = " + "[" * 100_000 + "]" * 100_000,
        "types": 'window.YTD.tweets.part1 = [ 1, "two", null, {"tweet": 5}, {"tweet": {"created_at": 7}} ]',
        "no_assignment": "[" + MARKER + "]",
        "huge_string": 'window.YTD.tweets.part1 = [ { "tweet" : { "full_text" : "' + "x" * 10**6 + '" } } ]',
        "binary": os.urandom(3000).decode("latin-1"),
    }[kind]
    return _zip({**X_GOOD, "data/tweets-part1.js": payload})


META_GOOD = {
    "personal_information/personal_information/personal_information.json":
        '{"profile_user": [{"string_map_data": {"Username": {"value": "mira.test"}}}]}',
    "your_instagram_activity/media/posts_1.json":
        '[{"media": [{"uri": "a.jpg", "creation_timestamp": 1704067200, "title": "Caf\\u00c3\\u00a9 '
        + MARKER + '"}]}]',
    "your_instagram_activity/messages/inbox/kai_1/message_1.json":
        '{"participants": [{"name": "Kai"}], "messages": [{"sender_name": "Kai", "timestamp_ms": 1704067200000}]}',
}


def damaged_meta(rng: random.Random) -> bytes:
    """An Instagram archive whose one file is damaged: bad JSON, deep nesting, wrong types, broken escapes."""
    kind = rng.choice(["json", "nesting", "types", "escapes", "huge_string", "binary", "scalar"])
    payload = {
        "json": '[{"string_map_data": {"Comment": {"value": "' + MARKER + '"',
        "nesting": "[" * 100_000 + "]" * 100_000,
        "types": '[1, "two", null, {"string_map_data": 5}, {"string_map_data": {"Time": {"timestamp": "x"}}}]',
        "escapes": '[{"string_map_data": {"Comment": {"value": "\\u00c3\\u00ff\\u00f0\\u009f \\ud800 '
                   + MARKER + '"}}}]',
        "huge_string": '[{"string_map_data": {"Comment": {"value": "' + "x" * 10**6 + '"}}}]',
        "binary": os.urandom(3000).decode("latin-1"),
        "scalar": '"' + MARKER + '"',
    }[kind]
    return _zip({**META_GOOD, "your_instagram_activity/comments/post_comments_1.json": payload})


ZIP_GENERATORS: dict[str, Callable[[random.Random], bytes]] = {
    f.__name__: f for f in (truncated, bit_flips_in_data, bit_flips_in_central_directory, wrong_crc,
                            unknown_compression, lying_sizes, encrypted_flag, bomb_member, lzma_member,
                            duplicate_and_nested, odd_member_names, many_members, damaged_csv, damaged_html,
                            odd_dates, damaged_x, damaged_meta)
}
# Cheap generators weigh more, so that many cases run in little time; the heavy ones still come up.
WEIGHTS = {"many_members": 1, "bomb_member": 1, "damaged_html": 2, "lzma_member": 2}


# Generators that damage one file and keep the good ones intact: the good files must still be read (exit 0).
DAMAGE_ONE_FILE = {"folder", "damaged_csv", "damaged_html", "odd_dates", "lzma_member", "duplicate_and_nested",
                   "bomb_member", "encrypted_flag", "damaged_x", "damaged_meta"}


def folder_case(rng: random.Random, root: Path) -> Path:
    """A folder export with a FIFO, a symlink, a sparse file or a file named with invalid UTF-8 among good files."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in GOOD.items():
        (root / name).write_text(content)
    kind = rng.choice(["fifo", "symlink", "sparse", "badname"])
    if kind == "fifo":
        os.mkfifo(root / "Votes.csv")
    elif kind == "symlink":
        (root / "Reactions.csv").symlink_to("/etc/passwd")
    elif kind == "sparse":
        with open(root / "Votes.csv", "wb") as handle:
            handle.truncate(rng.choice([10**6, 10**9]))
    else:
        os.close(os.open(os.path.join(os.fsencode(root), b"Inv\xffalid.csv"), os.O_CREAT | os.O_WRONLY, 0o600))
    return root


def make_case(seed: int, folder: Path) -> tuple[str, Path]:
    """One case: its generator's name and the path to give the tool (a .zip, a folder or a special file)."""
    rng = random.Random(seed)
    names = list(ZIP_GENERATORS)
    roll = rng.random()
    if roll < 0.06:
        return "folder", folder_case(rng, folder / f"case{seed}")
    if roll < 0.08:
        special = folder / f"fifo{seed}"
        os.mkfifo(special)
        return "fifo_path", special
    name = rng.choices(names, weights=[WEIGHTS.get(n, 6) for n in names])[0]
    path = folder / f"case{seed}_Basic_LinkedInDataExport_11-24-2026.zip"
    path.write_bytes(ZIP_GENERATORS[name](rng))
    return name, path


# ------------------------------------------------------------------------------------------------ the check

def _fingerprint(path: Path) -> str:
    import hashlib
    import stat

    digest = hashlib.sha256()
    info = path.lstat()
    if stat.S_ISDIR(info.st_mode):
        for entry in sorted(path.rglob("*")):
            entry_info = entry.lstat()
            digest.update(os.fsencode(entry) + str((entry_info.st_mode, entry_info.st_size, entry_info.st_mtime_ns))
                          .encode())
    elif stat.S_ISREG(info.st_mode):
        digest.update(path.read_bytes())
    else:
        digest.update(str((info.st_mode, info.st_mtime_ns)).encode())
    return digest.hexdigest()


def run_case(seed: int, folder: Path) -> dict:
    """Run `toolkit inspect` in this process on one generated case and check the properties: exit 0 or 2, one
    stderr line on error and no traceback, the marker never in stderr, the source unchanged, and (on success) the
    records adding up to the files' counts."""
    import contextlib
    import sys
    import time

    from toolkit import cli, pipeline

    kind, path = make_case(seed, folder)
    before = _fingerprint(path)
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    argv = sys.argv
    sys.argv = ["toolkit", "inspect", str(path)]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main()
                code = 0
            except SystemExit as exc:
                code = int(exc.code or 0)
    finally:
        sys.argv = argv
    wall = time.perf_counter() - start
    failures = []
    stderr = err.getvalue()
    if code not in (0, 2):
        failures.append(f"exit {code}: {stderr.strip()[:200]}")
    if code == 2 and stderr.count("\n") != 1:
        failures.append("error is not exactly one line")
    if "Traceback" in stderr:
        failures.append("traceback")
    if MARKER in stderr:
        failures.append("cell content in stderr")
    if _fingerprint(path) != before:
        failures.append("source changed")
    if code == 0:
        read = pipeline.read_archive(path).read
        if read.records.height != sum(f.records for f in read.files):
            failures.append("record counts do not add up")
    if kind in DAMAGE_ONE_FILE and (code != 0 or "recognised files" not in out.getvalue().replace("\n", " ")):
        failures.append(f"good files lost: exit {code} ({stderr.strip()[:120]})")
    return {"seed": seed, "kind": kind, "code": code, "wall": wall, "failures": failures}

#!/usr/bin/env python3
"""Writes the seed corpus of the CSV fuzz target: one small file for each
encoding and layout the reader knows (bk-csv.h), made here.  With --datas DIR,
the price files there (backtrader's datas, tests/data/datas) are added cut to
their first lines.

usage: make-csv-seeds.py OUTDIR [--datas DIR] [--stamp FILE]"""
import argparse
import os
import shutil
import subprocess
import sys

ROWS = [  # date, open, high, low, close, volume, openinterest
    ("2023-01-03", 9.97, 10.12, 9.90, 10.05, 1203400, 0),
    ("2023-01-04", 10.05, 10.30, 10.01, 10.22, 1502300, 0),
    ("2023-01-05", 10.22, 10.25, 10.08, 10.10, 998700, 0),
    ("2023-01-06", 10.10, 10.41, 10.09, 10.38, 1820000, 0),
    ("2023-01-09", 10.38, 10.50, 10.30, 10.47, 1430500, 0),
    ("2023-01-10", 10.47, 10.48, 10.20, 10.25, 1100200, 0),
]
TIMES = ["09:31:00", "09:32:00", "09:33:00", "09:34:00", "09:35:00", "09:36:00"]


def rows_text(fmt, rows=ROWS, sep=",", nl="\n"):
    return "".join(sep.join(fmt(i, r)) + nl for i, r in enumerate(rows))


def ohlcv(r):
    return [f"{r[1]:.2f}", f"{r[2]:.2f}", f"{r[3]:.2f}", f"{r[4]:.2f}", str(r[5])]


def slash(d, pad=True):
    y, m, dd = d.split("-")
    return f"{y}/{m}/{dd}" if pad else f"{y}/{int(m)}/{int(dd)}"


def iconv(text, encoding):
    """Encodes with iconv(1), as a user's tools would; Python's codec if absent."""
    if shutil.which("iconv"):
        return subprocess.run(["iconv", "-f", "UTF-8", "-t", encoding], input=text.encode("utf-8"),
                              stdout=subprocess.PIPE, check=True).stdout
    return text.encode({"UTF-16LE": "utf-16-le", "UTF-16BE": "utf-16-be"}.get(encoding, encoding))


def seeds():
    utf8 = {}
    header = "Date,Open,High,Low,Close,Volume,OpenInterest\n"
    bt = header + rows_text(lambda i, r: [r[0]] + ohlcv(r) + ["0"])
    utf8["backtrader.csv"] = bt
    utf8["yahoo.csv"] = "Date,Open,High,Low,Close,Adj Close,Volume\n" + rows_text(
        lambda i, r: [r[0]] + ohlcv(r)[:4] + [f"{r[4] * 0.98:.6f}", str(r[5])])
    utf8["crlf.csv"] = bt.replace("\n", "\r\n")
    utf8["quoted.csv"] = '"Date","Open","High","Low","Close","Volume"\n' + rows_text(
        lambda i, r: [f'"{r[0]}"'] + [f'"{v}"' for v in ohlcv(r)])
    utf8["date-time-columns.csv"] = "Date,Time,Open,High,Low,Close,Volume,OpenInterest\n" + rows_text(
        lambda i, r: ["2006-01-02", TIMES[i]] + ohlcv(r) + ["0"])
    utf8["extra-time-field.csv"] = header + rows_text(lambda i, r: ["2006-01-02", TIMES[i]] + ohlcv(r) + ["0"])
    utf8["iso-milliseconds.csv"] = "Datetime,Open,High,Low,Close,Volume\n" + rows_text(
        lambda i, r: [f"2015-09-23T20:57:{42 + i}.{146 + i:03d}"] + ohlcv(r))
    utf8["iso-space.csv"] = "Datetime,Open,High,Low,Close,Volume\n" + rows_text(
        lambda i, r: [f"2015-09-23 20:5{i}:00"] + ohlcv(r))
    utf8["unix-seconds.csv"] = "timestamp,open,high,low,close,volume\n" + rows_text(
        lambda i, r: [str(1672738200 + 60 * i)] + ohlcv(r))
    utf8["unix-milliseconds.csv"] = "timestamp,open,high,low,close,volume\n" + rows_text(
        lambda i, r: [str(1672738200000 + 60000 * i)] + ohlcv(r))
    utf8["unpadded-dashes.csv"] = header + rows_text(
        lambda i, r: ["-".join(str(int(x)) for x in r[0].split("-"))] + ohlcv(r) + ["0"])
    utf8["unpadded-slashes.csv"] = header + rows_text(lambda i, r: [slash(r[0], False)] + ohlcv(r) + ["0"])
    utf8["yyyymmdd.csv"] = header + rows_text(lambda i, r: [r[0].replace("-", "")] + ohlcv(r) + ["0"])
    utf8["newest-first.csv"] = header + rows_text(lambda i, r: [r[0]] + ohlcv(r) + ["0"], rows=ROWS[::-1])
    utf8["headerless-tab.txt"] = rows_text(lambda i, r: [slash(r[0])] + ohlcv(r) + [f"{r[5] * r[4]:.2f}"], sep="\t")
    utf8["chinese-header.csv"] = "日期,开盘,最高,最低,收盘,成交量\n" + rows_text(lambda i, r: [r[0]] + ohlcv(r))
    tdx = ("600000 浦发银行 日线 前复权\n"
           "      日期\t    开盘\t    最高\t    最低\t    收盘\t    成交量\t    成交额\n"
           + rows_text(lambda i, r: [slash(r[0])] + ohlcv(r) + [f"{r[5] * r[4]:.2f}"], sep="\t", nl="\r\n")
           + "数据来源:通达信\r\n")
    utf8["tdx-export-utf8.txt"] = tdx
    utf8["bidask.csv"] = ("datetime,bid,ask,bidsize,asksize\n"
                          "2010-02-03 16:53:50,0.5346,0.5347,1,1\n2010-02-03 16:53:51,0.5343,0.5347,2,1\n")
    utf8["insane.csv"] = header + ("2023-01-03,10,9,11,10,100,0\n2023-01-04,-1,2,-3,1,100,0\n"
                                   "2023-01-05,0,0,0,0,0,0\n2023-01-06,10,12,9,11,100,0\n")
    utf8["huge-values.csv"] = header + rows_text(lambda i, r: [r[0]] + ["1e308", "1.7e308", "1e307", "1e308", "1e308"]
                                                 + ["0"])
    utf8["repeated-date.csv"] = header + rows_text(lambda i, r: ["2023-01-03"] + ohlcv(r) + ["0"])
    utf8["mixed-date-time.csv"] = "Datetime,Open,High,Low,Close,Volume\n" + rows_text(
        lambda i, r: [r[0] + (" 10:00:00" if i % 2 else "")] + ohlcv(r))
    # Ticks: repeated milliseconds, one price column, a tick out of order,
    # a minute's edge and a night (what the resampler decides on).
    utf8["ticks-repeated.csv"] = "Datetime,Open,High,Low,Close,Volume,OpenInterest\n" + "".join(
        f"2015-09-23T20:5{8 + i // 4}:{(i // 2 * 17) % 60:02d}.{316 if i % 4 else 0:03d},{3066 + i % 3}.00,"
        f"{3066 + i % 3}.00,{3066 + i % 3}.00,{3066 + i % 3}.00,{i + 1},0\n" for i in range(8))
    utf8["ticks-price.csv"] = "Datetime,Price,Volume\n" + "".join(
        f"2024-03-0{7 + i // 3}T{9 + i % 3:02d}:3{i}:00.{250 * (i % 4):03d},{10 + i * 0.25:.2f},{i + 1}\n"
        for i in range(6))
    utf8["ticks-out-of-order.csv"] = ("Datetime,Last,Volume\n2024-03-07T09:30:01.500,10,1\n"
                                      "2024-03-07T09:30:02.000,11,1\n2024-03-07T09:30:01.900,12,1\n"
                                      "2024-03-07T09:31:00.000,13,1\n2024-03-08T09:31:00.000,14,1\n")
    utf8["ticks-chinese.csv"] = ("时间戳,成交价,成交量\n2024-03-07 09:30:01,10.5,3\n2024-03-07 09:30:01,10.75,1\n"
                                 "2024-03-11 09:30:00,10.5,2\n")
    utf8["header-only.csv"] = header
    utf8["empty.csv"] = ""
    utf8["semicolon.csv"] = header.replace(",", ";") + rows_text(lambda i, r: [r[0]] + ohlcv(r) + ["0"], sep=";")

    out = {name: text.encode("utf-8") for name, text in utf8.items()}
    out["utf8-bom.csv"] = b"\xef\xbb\xbf" + bt.encode("utf-8")
    out["tdx-export-gbk.txt"] = iconv(tdx, "GBK")
    out["tdx-export-gb18030.txt"] = iconv(tdx, "GB18030")
    out["chinese-header-gbk.csv"] = iconv(utf8["chinese-header.csv"], "GBK")
    out["utf16le-bom.csv"] = b"\xff\xfe" + iconv(utf8["chinese-header.csv"], "UTF-16LE")
    out["utf16be-bom.csv"] = b"\xfe\xff" + iconv(bt, "UTF-16BE")
    out["utf16le-tdx.txt"] = b"\xff\xfe" + iconv(tdx, "UTF-16LE")
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--datas", help="directory of price files to add, cut to their first lines")
    parser.add_argument("--lines", type=int, default=8)
    parser.add_argument("--stamp")
    args = parser.parse_args()

    os.makedirs(args.outdir, exist_ok=True)
    for name, data in seeds().items():
        with open(os.path.join(args.outdir, name), "wb") as f:
            f.write(data)
    if args.datas:
        for name in sorted(os.listdir(args.datas)):
            path = os.path.join(args.datas, name)
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    head = b"".join(f.readline() for _ in range(args.lines))
                with open(os.path.join(args.outdir, "datas-" + name), "wb") as f:
                    f.write(head)
    if args.stamp:
        open(args.stamp, "w").close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Pads a flat PE/COFF image to the size its optional header declares.

`objcopy -O binary` drops the zero tail (bss) of the last section; edk2 then
refuses the image as "Unsupported" because the file is shorter than the
sections it declares. Pad with zeros to the larger of SizeOfImage and the
end of the last section's raw data."""
import struct
import sys

path = sys.argv[1]
data = bytearray(open(path, "rb").read())
if data[:2] != b"MZ":
    sys.exit(f"efi-pad: {path}: not a PE image (no MZ header)")
pe = struct.unpack_from("<I", data, 0x3C)[0]
if data[pe:pe + 4] != b"PE\0\0":
    sys.exit(f"efi-pad: {path}: no PE signature")
nsect = struct.unpack_from("<H", data, pe + 6)[0]
opt_size = struct.unpack_from("<H", data, pe + 20)[0]
opt = pe + 24
size_of_image = struct.unpack_from("<I", data, opt + 56)[0]
need = size_of_image
sect = opt + opt_size
for i in range(nsect):
    raw_size, raw_ptr = struct.unpack_from("<II", data, sect + 40 * i + 16)
    need = max(need, raw_ptr + raw_size)
if len(data) < need:
    data += bytes(need - len(data))
open(path, "wb").write(data)

#!/usr/bin/env python3
"""A reader of kvm-stats files written from docs/kvm-stats-format.md alone (no code of the project).

Prints the file as CSV: id,path,depth and one column per descriptor, numbers exact with their decimals, `max` for
state MAX, texts as they are, empty for absent values; the same cells as `cgroup-walk read --format csv FILE`.
Checks only what it needs to read safely; `cgroup-walk read` validates everything.

usage: kvm-stats-read.py FILE
"""
import csv
import struct
import sys

STATE_NUMBER, STATE_MAX, STATE_TEXT = 0, 1, 5
SIGN_SIGNED = 1
NO_PARENT = 0xFFFFFFFF


def main(path):
    b = open(path, 'rb').read()
    # A. KVM header
    flags, name_size, num_desc, id_offset, desc_offset, data_offset = struct.unpack_from('<6I', b, 0)
    # B. id string
    if b[id_offset:id_offset + name_size].split(b'\0')[0] != b'rstat-cgroup-tree':
        sys.exit('not an rstat cgroup tree')
    # C. descriptors: flags u32, exponent s16, size u16, offset u32, bucket_size u32, name[name_size]
    names, offsets = [], []
    for i in range(num_desc):
        d = desc_offset + i * (16 + name_size)
        _flags, _exponent, _size, offset, _bucket = struct.unpack_from('<IhHII', b, d)
        names.append(b[d + 16:d + 16 + name_size].split(b'\0')[0].decode('utf-8'))
        offsets.append(offset)
    # D. tree header, right after the descriptors
    t = desc_offset + num_desc * (16 + name_size)
    if b[t:t + 8] != b'RSTATCGT' or struct.unpack_from('<H', b, t + 8)[0] != 1:
        sys.exit('not a version 1 tree header')
    (record_count, record_size, records_offset, columns_offset, texts_offset, text_count, strings_offset,
     _strings_size) = struct.unpack_from('<8I', b, t + 40)

    def string(offset, length):
        return b[strings_offset + offset:strings_offset + offset + length].decode('utf-8')

    # E. column table: kind, scope, unit, scale, sign, derivation, value_scale, value_sign (u8 each), file
    scales, signed = [], []
    for i in range(num_desc):
        _kind, _scope, _unit, _scale, _sign, _derivation, value_scale, value_sign = struct.unpack_from(
            '<8B', b, columns_offset + 16 * i)
        scales.append(value_scale)
        signed.append(value_sign == SIGN_SIGNED)
    # F. text table: record u32, desc u32, string (offset, length)
    texts = {}
    for i in range(text_count):
        record, desc, offset, length = struct.unpack_from('<4I', b, texts_offset + 16 * i)
        texts[(record, desc)] = string(offset, length)
    # H. records: id u64, parent u32, depth u32, path (offset, length), reserved u64, states, data
    out = csv.writer(sys.stdout, lineterminator='\n')
    out.writerow(['id', 'path', 'depth'] + names)
    for r in range(record_count):
        record = records_offset + r * record_size
        cgroup_id, _parent, depth, path_offset, path_length = struct.unpack_from('<QIIII', b, record)
        states = b[record + 32:record + 32 + num_desc]
        data = data_offset + r * record_size  # the KVM data block of cgroup r
        row = [str(cgroup_id), string(path_offset, path_length), str(depth)]
        for i in range(num_desc):
            if states[i] == STATE_NUMBER:
                (value,) = struct.unpack_from('<q' if signed[i] else '<Q', b, data + offsets[i])
                row.append(decimal(value, scales[i]))
            elif states[i] == STATE_MAX:
                row.append('max')
            elif states[i] == STATE_TEXT:
                row.append(texts[(r, i)])
            else:
                row.append('')
        out.writerow(row)


def decimal(value, scale):
    if scale == 0:
        return str(value)
    digits = str(abs(value)).rjust(scale + 1, '0')
    return ('-' if value < 0 else '') + digits[:-scale] + '.' + digits[-scale:]


if __name__ == '__main__':
    main(sys.argv[1])

#!/usr/bin/env python3
"""pzem_addr.py PORT NEW_ADDR [--reset-energy]: address the ONLY PZEM-004T v3.0 on the bus.

Run it only with the module inside the closed, RCD-protected bench fixture, the laptop on the
fixture's isolated USB socket (hardware/safety.md, section 9; hardware/commissioning.md, step 2).
A bare module is never powered from mains. Exits non-zero when the module does not confirm.
"""
import sys
import serial  # pip install pyserial

def crc16(data):                       # CRC-16/MODBUS, sent low byte first
    c = 0xFFFF
    for b in data:
        c ^= b
        for _ in range(8):
            c = (c >> 1) ^ 0xA001 if c & 1 else c >> 1
    return bytes([c & 0xFF, c >> 8])

def xfer(port, frame, reply_len):
    frame = bytes(frame) + crc16(frame)
    port.reset_input_buffer()
    port.write(frame)
    r = port.read(reply_len)
    if len(r) != reply_len or crc16(r[:-2]) != r[-2:]:
        sys.exit(f"no valid reply to {frame.hex(' ')}: got {r.hex(' ') or 'nothing'}")
    return r

name, new = sys.argv[1], int(sys.argv[2])
if not 1 <= new <= 247:
    sys.exit("address must be 1..247")
with serial.Serial(name, 9600, bytesize=8, parity="N", stopbits=1, timeout=0.5) as p:
    old = xfer(p, [0xF8, 0x03, 0x00, 0x02, 0x00, 0x01], 7)[4]     # read holding reg 0x0002
    xfer(p, [0xF8, 0x06, 0x00, 0x02, 0x00, new], 8)                # write it: echo reply
    if "--reset-energy" in sys.argv:
        xfer(p, [new, 0x42], 4)                                      # reset energy: echo reply
    r = xfer(p, [new, 0x04, 0x00, 0x00, 0x00, 0x0A], 25)            # read all measurements
    volts = int.from_bytes(r[3:5], "big") / 10
    wh = int.from_bytes(r[13:15], "big") | int.from_bytes(r[15:17], "big") << 16  # low word first
    print(f"address {old} -> {new}; {volts} V; energy register {wh} Wh")
    if "--reset-energy" in sys.argv and wh != 0:
        sys.exit(f"energy register reads {wh} Wh after the reset, not 0")

#!/usr/bin/python3
"""Renders real-sample notes in the NSynth layout with fluidsynth (issue 15, "a realistic check of the findings").

    /usr/bin/python3 bench/render-notes/render_nsynth.py --out /work/data/realistic [--notes 3000] [--seed 0]

Needs the Debian packages fluidsynth, fluid-soundfont-gm (FluidR3_GM) and timgm6mb-soundfont (TimGM6mb); only the
Python standard library (no numpy). Writes OUT/examples.json and OUT/audio/<note_str>.wav (16 kHz, mono, 16-bit PCM,
64,000 samples: 3 s hold + 1 s release, as NSynth), the 13 NSynth fields per note, and OUT/render.json (soundfonts,
programs, fluidsynth version, seed, per-note peak). Never commit the output.

Each NSynth "instrument" is one General MIDI program of one soundfont; the eight families are the ones the paper keeps
(acoustic NSynth without bass and organ), every note is labelled instrument_source 0 ("acoustic": sampled acoustic
instruments). Notes are spread evenly over families, then over the family's instruments; pitches are drawn uniformly
from the program's playable range, velocities from NSynth's {25, 50, 75, 100, 127}, every (pitch, velocity) at most
once per instrument. Everything is drawn from random.Random(seed), so the same arguments give the same files.

Rendering: one MIDI file per chunk of notes and soundfont, each note in its own 5 s slot on channel 1 (program change,
note on, note off after 3 s, all-sound-off at 4.5 s), rendered by the fluidsynth CLI at 16 kHz with reverb and chorus
off and gain 1.0 (the loudest note peaks near −2 dBFS) into raw stereo s16, then cut at the slot starts and averaged to mono.
"""

import argparse
import audioop
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import wave

SAMPLE_RATE = 16000
NOTE_SAMPLES = 64000            # 4 s
HOLD_SECONDS = 3.0
SLOT_SECONDS = 5.0
SOUND_OFF_SECONDS = 4.5
TICKS_PER_QUARTER = 480         # at 120 bpm: 960 ticks per second
TICKS_PER_SECOND = 960
VELOCITIES = [25, 50, 75, 100, 127]
CHUNK_NOTES = 250

SOUNDFONTS = [
    ("fluidr3", "/usr/share/sounds/sf2/FluidR3_GM.sf2"),
    ("timgm6mb", "/usr/share/sounds/sf2/TimGM6mb.sf2"),
]

# NSynth family id -> (name, [(GM program 0-based, GM name, lowest MIDI pitch, highest MIDI pitch)]).
FAMILIES = {
    1: ("brass", [(56, "Trumpet", 54, 84), (57, "Trombone", 40, 72), (58, "Tuba", 28, 58),
                  (60, "French Horn", 41, 77), (61, "Brass Section", 40, 80)]),
    2: ("flute", [(73, "Flute", 60, 96), (72, "Piccolo", 74, 105), (74, "Recorder", 60, 93),
                  (75, "Pan Flute", 60, 93)]),
    3: ("guitar", [(24, "Acoustic Guitar (nylon)", 40, 83), (25, "Acoustic Guitar (steel)", 40, 83),
                   (26, "Electric Guitar (jazz)", 40, 86), (27, "Electric Guitar (clean)", 40, 86)]),
    4: ("keyboard", [(0, "Acoustic Grand Piano", 21, 108), (1, "Bright Acoustic Piano", 21, 108),
                     (4, "Electric Piano 1", 28, 96), (6, "Harpsichord", 29, 89), (7, "Clavinet", 36, 84)]),
    5: ("mallet", [(8, "Celesta", 60, 108), (9, "Glockenspiel", 79, 108), (11, "Vibraphone", 53, 89),
                   (12, "Marimba", 45, 96), (13, "Xylophone", 65, 108), (14, "Tubular Bells", 60, 77)]),
    7: ("reed", [(64, "Soprano Sax", 56, 88), (65, "Alto Sax", 49, 81), (66, "Tenor Sax", 44, 76),
                 (68, "Oboe", 58, 91), (70, "Bassoon", 34, 72), (71, "Clarinet", 50, 91)]),
    8: ("string", [(40, "Violin", 55, 100), (41, "Viola", 48, 84), (42, "Cello", 36, 76),
                   (43, "Contrabass", 28, 55), (48, "String Ensemble 1", 36, 96)]),
    10: ("vocal", [(52, "Choir Aahs", 48, 79), (53, "Voice Oohs", 48, 79)]),
}


def variable_length(value):
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def midi_file(notes):
    """A format-0 standard MIDI file: one slot of SLOT_SECONDS per (program, pitch, velocity), channel 1."""
    events = []   # (tick, order, bytes)
    for i, (program, pitch, velocity) in enumerate(notes):
        t0 = round(i * SLOT_SECONDS * TICKS_PER_SECOND)
        events.append((t0, 0, bytes([0xB0, 121, 0])))                # reset controllers
        events.append((t0, 1, bytes([0xC0, program])))
        events.append((t0, 2, bytes([0x90, pitch, velocity])))
        events.append((t0 + round(HOLD_SECONDS * TICKS_PER_SECOND), 0, bytes([0x80, pitch, 0])))
        events.append((t0 + round(SOUND_OFF_SECONDS * TICKS_PER_SECOND), 0, bytes([0xB0, 120, 0])))   # all sound off
    events.sort(key=lambda e: (e[0], e[1]))
    track = bytearray(b"\x00\xFF\x51\x03" + (500000).to_bytes(3, "big"))   # tempo: 120 bpm
    last = 0
    for tick, _, data in events:
        track += variable_length(tick - last) + data
        last = tick
    end = round(len(notes) * SLOT_SECONDS * TICKS_PER_SECOND)
    track += variable_length(end - last) + b"\xFF\x2F\x00"
    return b"MThd" + struct.pack(">IHHH", 6, 0, 1, TICKS_PER_QUARTER) + b"MTrk" + struct.pack(">I", len(track)) + bytes(track)


def render(fluidsynth, soundfont, notes, workdir):
    """Mono 16-bit frames (bytes) of each note, in order."""
    mid = os.path.join(workdir, "chunk.mid")
    raw = os.path.join(workdir, "chunk.raw")
    with open(mid, "wb") as f:
        f.write(midi_file(notes))
    cmd = [fluidsynth, "-n", "-i", "-q", "-R", "0", "-C", "0", "-g", "1.0", "-r", str(SAMPLE_RATE),
           "-o", "synth.cpu-cores=1", "-T", "raw", "-O", "s16", "-E", "little", "-F", raw, soundfont, mid]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with open(raw, "rb") as f:
        data = f.read()
    os.remove(raw)
    frame = 4   # stereo s16
    slot = int(SLOT_SECONDS * SAMPLE_RATE)
    out = []
    for i in range(len(notes)):
        start = i * slot * frame
        stereo = data[start:start + NOTE_SAMPLES * frame]
        if len(stereo) < NOTE_SAMPLES * frame:
            stereo += bytes(NOTE_SAMPLES * frame - len(stereo))
        out.append(audioop.tomono(stereo, 2, 0.5, 0.5))
    return out


def plan(n_notes, rng):
    """The notes: [(family id, instrument index in the family, soundfont index, program, pitch, velocity)]."""
    instruments = []   # (family id, soundfont index, program tuple)
    for fam in sorted(FAMILIES):
        for s in range(len(SOUNDFONTS)):
            for prog in FAMILIES[fam][1]:
                instruments.append((fam, s, prog))
    per_family = {fam: n_notes // len(FAMILIES) + (1 if k < n_notes % len(FAMILIES) else 0)
                  for k, fam in enumerate(sorted(FAMILIES))}
    notes = []
    for fam in sorted(FAMILIES):
        insts = [i for i, x in enumerate(instruments) if x[0] == fam]
        counts = [per_family[fam] // len(insts) + (1 if k < per_family[fam] % len(insts) else 0) for k in range(len(insts))]
        for inst, count in zip(insts, counts):
            _, s, (program, _, lo, hi) = instruments[inst]
            pairs = [(p, v) for p in range(lo, hi + 1) for v in VELOCITIES]
            if count > len(pairs):
                sys.exit(f"render_nsynth.py: {count} notes asked of program {program}, which has only {len(pairs)} pitch/velocity pairs")
            for p, v in sorted(rng.sample(pairs, count)):
                notes.append((inst, p, v))
    return instruments, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output folder (created; must not hold an examples.json already unless --force)")
    ap.add_argument("--notes", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--fluidsynth", default=shutil.which("fluidsynth") or "/usr/bin/fluidsynth")
    ap.add_argument("--force", action="store_true", help="overwrite an existing output folder")
    args = ap.parse_args()
    for name, path in SOUNDFONTS:
        if not os.path.isfile(path):
            sys.exit(f"render_nsynth.py: {path}: soundfont not found (apt-get install fluid-soundfont-gm timgm6mb-soundfont)")
    if not os.path.isfile(args.fluidsynth):
        sys.exit("render_nsynth.py: fluidsynth not found (apt-get install fluidsynth)")
    if args.notes < len(FAMILIES):
        sys.exit(f"render_nsynth.py: --notes must be at least {len(FAMILIES)}")
    out = os.path.abspath(args.out)
    if os.path.exists(os.path.join(out, "examples.json")) and not args.force:
        sys.exit(f"render_nsynth.py: {out} already holds a dataset (use --force to overwrite)")
    if os.path.isdir(out) and os.listdir(out) and not os.path.exists(os.path.join(out, "render.json")):
        sys.exit(f"render_nsynth.py: {out} is not empty and was not written by this script; choose a new folder")

    rng = random.Random(args.seed)
    instruments, notes = plan(args.notes, rng)

    # NSynth-style instrument names and ids: <family>_acoustic_<index within the family>, ids in family order.
    names, ids, per_family_index = {}, {}, {}
    for i, (fam, s, prog) in enumerate(instruments):
        k = per_family_index.get(fam, 0)
        per_family_index[fam] = k + 1
        names[i] = f"{FAMILIES[fam][0]}_acoustic_{k:03d}"
        ids[i] = i

    tmp_out = out + ".tmp"
    if os.path.exists(tmp_out):
        shutil.rmtree(tmp_out)
    os.makedirs(os.path.join(tmp_out, "audio"))
    peaks = {}
    with tempfile.TemporaryDirectory() as work:
        for s, (sf_name, sf_path) in enumerate(SOUNDFONTS):
            mine = [n for n in notes if instruments[n[0]][1] == s]
            for c in range(0, len(mine), CHUNK_NOTES):
                chunk = mine[c:c + CHUNK_NOTES]
                frames = render(args.fluidsynth, sf_path, [(instruments[i][2][0], p, v) for i, p, v in chunk], work)
                for (i, p, v), pcm in zip(chunk, frames):
                    stem = f"{names[i]}-{p:03d}-{v:03d}"
                    with wave.open(os.path.join(tmp_out, "audio", stem + ".wav"), "wb") as w:
                        w.setnchannels(1)
                        w.setsampwidth(2)
                        w.setframerate(SAMPLE_RATE)
                        w.writeframes(pcm)
                    peaks[stem] = audioop.max(pcm, 2)
                print(f"{sf_name}: {min(c + CHUNK_NOTES, len(mine))}/{len(mine)} notes", flush=True)

    examples = {}
    for n, (i, p, v) in enumerate(sorted(notes, key=lambda x: (names[x[0]], x[1], x[2]))):
        fam = instruments[i][0]
        stem = f"{names[i]}-{p:03d}-{v:03d}"
        examples[stem] = {
            "note": n, "note_str": stem, "instrument": ids[i], "instrument_str": names[i],
            "pitch": p, "velocity": v, "sample_rate": SAMPLE_RATE,
            "qualities": [0] * 10, "qualities_str": [],
            "instrument_family": fam, "instrument_family_str": FAMILIES[fam][0],
            "instrument_source": 0, "instrument_source_str": "acoustic",
        }
    silent = sorted(k for k, pk in peaks.items() if pk == 0)
    quiet = sorted(k for k, pk in peaks.items() if 0 < pk < 100)
    clipped = sorted(k for k, pk in peaks.items() if pk >= 32767)
    version = subprocess.run([args.fluidsynth, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    meta = {
        "generator": "bench/render-notes/render_nsynth.py", "seed": args.seed, "notes": len(notes),
        "fluidsynth": version, "soundfonts": [p for _, p in SOUNDFONTS],
        "instruments": {names[i]: {"id": ids[i], "soundfont": SOUNDFONTS[s][1], "program": prog[0], "gm_name": prog[1],
                                   "pitch_range": [prog[2], prog[3]]} for i, (fam, s, prog) in enumerate(instruments)},
        "silent_notes": silent, "quiet_notes (peak below 100 of 32767)": quiet, "clipped_notes": clipped,
    }
    with open(os.path.join(tmp_out, "examples.json"), "w") as f:
        json.dump(examples, f, indent=1)
    with open(os.path.join(tmp_out, "render.json"), "w") as f:
        json.dump(meta, f, indent=1)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.rename(tmp_out, out)
    print(f"{len(notes)} notes in {len(instruments)} instruments -> {out} ({len(silent)} silent, {len(quiet)} quiet, {len(clipped)} clipped)")
    if silent:
        sys.exit(f"render_nsynth.py: {len(silent)} note(s) rendered silent (a program's range in FAMILIES is too wide), first: {silent[0]}")


if __name__ == "__main__":
    main()

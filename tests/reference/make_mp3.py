#!/usr/bin/python3
"""Small MP3 fixtures for AudioFile.ReadInfo (tests/Concord.Tests/Reference/audio/*.mp3).

Run with Debian's Python and LAME: apt-get install lame python3-numpy; /usr/bin/python3 tests/reference/make_mp3.py

Each file is 2 s of sine tones written as 16-bit WAV with numpy and encoded by LAME in one of the three ways a
recording's length reaches a reader: a CBR stream with a LAME "Info" tag, a VBR stream with a Xing tag (both give the
sample count, encoder delay and padding), and a CBR stream without any tag (-t: the length is found by walking the
frame headers). The tests check that the length read from the headers equals the length NLayer decodes.
"""
import json, os, subprocess, tempfile, wave
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'Concord.Tests', 'Reference', 'audio')

CASES = [
    # name, rate, channels, lame arguments
    ('sine_mono_22050_cbr.mp3', 22050, 1, ['-b', '64']),
    ('sine_stereo_48000_vbr.mp3', 48000, 2, ['-V', '4']),
    ('sine_stereo_44100_notag.mp3', 44100, 2, ['-t', '-b', '128']),
]


def write_wav(path, rate, channels):
    t = np.arange(2 * rate) / rate
    tones = [0.4 * np.sin(2 * np.pi * 440 * t), 0.25 * np.sin(2 * np.pi * 660 * t)][:channels]
    pcm = (np.stack(tones, 1) * 32767).astype('<i2')
    with wave.open(path, 'wb') as w:
        w.setnchannels(channels); w.setsampwidth(2); w.setframerate(rate); w.writeframes(pcm.tobytes())


def main():
    os.makedirs(OUT, exist_ok=True)
    version = subprocess.run(['lame', '--version'], capture_output=True, text=True).stdout.splitlines()[0]
    with tempfile.TemporaryDirectory() as tmp:
        for name, rate, channels, args in CASES:
            wav = os.path.join(tmp, name + '.wav')
            write_wav(wav, rate, channels)
            subprocess.run(['lame', '--quiet', *args, wav, os.path.join(OUT, name)], check=True)
    with open(os.path.join(OUT, 'mp3_versions.json'), 'w') as f:
        json.dump({'lame': version, 'numpy': np.__version__, 'files': [c[0] for c in CASES]}, f, indent=1)


if __name__ == '__main__':
    main()

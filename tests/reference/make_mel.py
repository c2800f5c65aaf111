#!/usr/bin/python3
"""Reference fixtures for Concord's audio front end (tests/Concord.Tests/Reference/audio/).

Run with Debian's Python: /usr/bin/python3 tests/reference/make_mel.py [--fixture ../shared/data/nsynth-fixture]

Mel power comes from torchaudio 0.13 MelSpectrogram(norm='slaney', mel_scale='slaney', center=True, power=2,
periodic Hann window) computed in float64, which reproduces librosa.feature.melspectrogram; dB applies librosa's
power_to_db formula (ref=max, amin=1e-10, top_db=80) in numpy float64. Outputs are stored as float32 .npy.
Inputs: NSynth fixture notes (read here as int16 / 32768, exactly as soundfile/librosa and Concord read them; the
C# tests read the same WAVs from the fixture path) and synthetic chirps whose float32 samples are committed.
"""
import argparse, json, os, platform, wave
import numpy as np
import torch, torchaudio
import scipy

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'Concord.Tests', 'Reference', 'audio')
NOTES = ['brass_acoustic_000-028-025', 'flute_acoustic_001-072-075', 'guitar_acoustic_002-074-025',
         'mallet_acoustic_000-079-050', 'reed_acoustic_001-065-100', 'string_acoustic_002-071-050']


def read_wav_int16(path):
    with wave.open(path) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1
        x = np.frombuffer(w.readframes(w.getnframes()), dtype='<i2')
        return x.astype(np.float32) / np.float32(32768.0), w.getframerate()


def chirp(sr, seconds, f0, f1, amp=0.5):
    """Exponential sine sweep f0 → f1 Hz, float32 (the committed samples are the input; nothing is regenerated in C#)."""
    t = np.arange(int(round(sr * seconds)), dtype=np.float64) / sr
    k = np.log(f1 / f0) / seconds
    phase = 2 * np.pi * f0 * (np.exp(k * t) - 1) / k
    env = np.minimum(1.0, np.minimum(t / 0.05, (seconds - t) / 0.05))
    return (amp * env * np.sin(phase)).astype(np.float32)


def mel_power(y, sr, n_fft, hop, n_mels, fmax, pad_mode):
    t = torchaudio.transforms.MelSpectrogram(sample_rate=sr, n_fft=n_fft, hop_length=hop, f_min=0.0, f_max=fmax,
                                             n_mels=n_mels, window_fn=torch.hann_window, power=2.0, center=True,
                                             pad_mode=pad_mode, norm='slaney', mel_scale='slaney')
    return t(torch.from_numpy(y.astype(np.float64))).numpy()


def power_to_db(S, amin=1e-10, top_db=80.0):
    """librosa.power_to_db(S, ref=np.max, amin=1e-10, top_db=80.0), in float64."""
    ref = np.max(S)
    log_spec = 10.0 * np.log10(np.maximum(amin, S))
    log_spec -= 10.0 * np.log10(np.maximum(amin, ref))
    return np.maximum(log_spec, log_spec.max() - top_db)


def save(name, arr):
    np.save(os.path.join(OUT, name), np.ascontiguousarray(arr, dtype=np.float32))
    return name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--fixture', default=os.path.join(HERE, '..', '..', '..', 'shared', 'data', 'nsynth-fixture'))
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    cases = []

    def case(name, input_desc, y, sr, pad, n_fft=2048, hop=502, n_mels=128, fmax=8000.0, kind='db'):
        S = mel_power(y, sr, n_fft, hop, n_mels, fmax, pad)
        out = save(f'{name}.npy', power_to_db(S) if kind == 'db' else S)
        cases.append(dict(name=name, input=input_desc, sample_rate=sr, n_fft=n_fft, hop=hop, n_mels=n_mels,
                          fmax=fmax, pad_mode=pad, kind=kind, output=out, shape=list(S.shape)))

    for note in NOTES:
        y, sr = read_wav_int16(os.path.join(args.fixture, 'audio', note + '.wav'))
        for pad in ('reflect', 'constant'):
            case(f'note_{note}_{pad}', dict(fixture=note), y, sr, pad)
    # The same audio analysed with sr=22050 (the filter bank then spans other bins), as a second rate for the notes.
    for note in NOTES[:2]:
        y, _ = read_wav_int16(os.path.join(args.fixture, 'audio', note + '.wav'))
        case(f'note22050_{note}_reflect', dict(fixture=note), y, 22050, 'reflect')

    for sr in (16000, 22050):
        y = chirp(sr, 4.0, 40.0, sr * 0.45)
        inp = save(f'chirp_{sr}_input.npy', y)
        for pad in ('reflect', 'constant'):
            case(f'chirp_{sr}_{pad}', dict(samples=inp), y, sr, pad)
        case(f'chirp_{sr}_power', dict(samples=inp), y, sr, 'reflect', kind='power')
    # Quiet chirp: large parts of the clip sit on the −80 dB floor.
    yq = (chirp(16000, 1.0, 200.0, 6000.0) * np.float32(1e-3)).astype(np.float32)
    yq[8000:] = 0
    inp = save('quiet_16000_input.npy', yq)
    case('quiet_16000_constant', dict(samples=inp), yq, 16000, 'constant')
    # Odd length, non power-of-two FFT (Bluestein path), odd hop, fmax = Nyquist.
    yo = chirp(16000, 0.7, 100.0, 7000.0)[:11111]
    inp = save('odd_16000_input.npy', yo)
    for pad in ('reflect', 'constant'):
        case(f'odd_16000_nfft1000_{pad}', dict(samples=inp), yo, 16000, pad, n_fft=1000, hop=257, n_mels=40, fmax=None)
    # Silence: power and ref clamp to amin → every cell 0 dB.
    z = np.zeros(16000, dtype=np.float32)
    inp = save('silence_16000_input.npy', z)
    case('silence_16000_reflect', dict(samples=inp), z, 16000, 'reflect')

    # Linear STFT power (torch.stft, periodic Hann, center=True), for the features' reuse of StftPower.
    ys = chirp(16000, 0.5, 300.0, 5000.0)
    inp = save('stft_16000_input.npy', ys)
    for pad in ('reflect', 'constant'):
        X = torch.stft(torch.from_numpy(ys.astype(np.float64)), n_fft=512, hop_length=128, window=torch.hann_window(512),
                       center=True, pad_mode=pad, onesided=True, return_complex=True)
        P = (X.abs() ** 2).numpy()
        out = save(f'stft_16000_{pad}.npy', P)
        cases.append(dict(name=f'stft_16000_{pad}', input=dict(samples=inp), sample_rate=16000, n_fft=512, hop=128,
                          pad_mode=pad, kind='stft', output=out, shape=list(P.shape)))

    # Filter banks: torchaudio.functional.melscale_fbanks in float64, stored transposed to librosa's [mels, bins].
    banks = []
    for (name, sr, n_fft, n_mels, fmin, fmax, norm, scale) in [
            ('fb_slaney_22050_1024_64', 22050, 1024, 64, 0.0, 11025.0, 'slaney', 'slaney'),
            ('fb_htk_16000_512_40', 16000, 512, 40, 50.0, 7000.0, None, 'htk'),
            ('fb_htk_slaneynorm_16000_512_40', 16000, 512, 40, 0.0, 8000.0, 'slaney', 'htk'),
            ('fb_slaney_nonorm_16000_512_40', 16000, 512, 40, 30.0, 8000.0, None, 'slaney')]:
        fb = torchaudio.functional.melscale_fbanks(n_freqs=n_fft // 2 + 1, f_min=fmin, f_max=fmax, n_mels=n_mels,
                                                  sample_rate=sr, norm=norm, mel_scale=scale).numpy().T
        np.save(os.path.join(OUT, name + '.npy'), np.ascontiguousarray(fb, dtype=np.float64))
        banks.append(dict(name=name, sample_rate=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax,
                          norm=norm or 'none', scale=scale, output=name + '.npy'))

    # A small Ogg Vorbis file (sox via torchaudio): 0.5 s of 440 Hz, left amplitude 0.5, right 0.25.
    t = torch.arange(int(22050 * 0.5)) / 22050
    st = torch.stack([0.5 * torch.sin(2 * np.pi * 440 * t), 0.25 * torch.sin(2 * np.pi * 440 * t)])
    torchaudio.save(os.path.join(OUT, 'sine440_stereo_22050.ogg'), st, 22050, format='vorbis')

    manifest = dict(generator='tests/reference/make_mel.py', python=platform.python_version(),
                    versions=dict(numpy=np.__version__, scipy=scipy.__version__, torch=torch.__version__,
                                  torchaudio=torchaudio.__version__),
                    note='mel power: torchaudio MelSpectrogram float64, slaney scale+norm, periodic hann, center=True; '
                         'dB: librosa power_to_db(ref=max, amin=1e-10, top_db=80) in numpy float64; stored float32',
                    cases=cases, filter_banks=banks)
    with open(os.path.join(OUT, 'mel_cases.json'), 'w') as f:
        json.dump(manifest, f, indent=1)


if __name__ == '__main__':
    main()

namespace Concord.Datasets;

/// <summary>
/// Physically motivated note synthesis for the 8 synthetic families (16 kHz, 3 s hold + 1 s release):
/// <list type="bullet">
/// <item>guitar: Karplus–Strong plucked string (Karplus &amp; Strong 1983; Jaffe &amp; Smith 1983) with a pluck-position comb and a two-tap loop filter;</item>
/// <item>mallet: modal synthesis, damped partials at bar-mode ratios (marimba, vibraphone, glockenspiel, xylophone), higher modes decaying faster;</item>
/// <item>string: bowed string, sawtooth harmonics (1/k) through body resonances, delayed vibrato, bow noise;</item>
/// <item>brass: harmonics k^−β whose slope flattens with velocity and during the attack (brassy brightening), lip glide from below;</item>
/// <item>reed: clarinet-like odd harmonics with weak even harmonics (more for saxophone-like shapes), velocity-dependent roll-off;</item>
/// <item>flute: few harmonics, band-passed breath noise that is relatively stronger at low velocity, attack chiff;</item>
/// <item>keyboard: hammer-struck stiff strings, inharmonic partials f_k = k·f0·√(1+Bk²), hammer hardness grows with velocity, two detuned strings, dampers at release;</item>
/// <item>vocal: glottal source k^−γ shaped by vowel formants (Peterson &amp; Barney 1952 style), vibrato, breath.</item>
/// </list>
/// Every note also gets per-note detuning, a per-instrument "microphone" low-pass and gain, and a fixed background
/// noise floor (about −70 dBFS) so that quiet notes sit closer to the floor: velocity is learnable from timbre and
/// signal-to-noise, not from the level, which <c>power_to_db(ref=max)</c> removes.
/// </summary>
internal static class SynthVoices
{
    private const int Sr = SynthDatasetOptions.SampleRateHz;
    private const int Len = SynthDatasetOptions.NoteSamples;
    private const int Hold = SynthDatasetOptions.HoldSamples;
    private const double MaxPartialHz = 7600;

    public static float[] Render(SynthInstrument ins, int pitch, int velocity, LegacyNumpyRandom rng)
    {
        double v = velocity / 127.0;
        double cents = ins.TuneCents + rng.Uniform(-6, 6);
        double f0 = 440.0 * Math.Pow(2, (pitch - 69 + cents / 100.0) / 12.0);
        double[] y = ins.Family switch
        {
            SynthFamily.Guitar => Guitar(ins, f0, v, rng),
            SynthFamily.Mallet => Mallet(ins, f0, v, rng),
            SynthFamily.String => Bowed(ins, f0, v, rng),
            SynthFamily.Brass => Brass(ins, f0, v, rng),
            SynthFamily.Reed => Reed(ins, f0, v, rng),
            SynthFamily.Flute => Flute(ins, f0, v, rng),
            SynthFamily.Keyboard => Keyboard(ins, f0, v, rng),
            SynthFamily.Vocal => Vocal(ins, f0, v, rng),
            _ => throw new ArgumentOutOfRangeException(nameof(ins)),
        };
        OnePoleLowPass(y, ins.ToneHz, mix: 0.7);
        double peak = 1e-12;
        foreach (double s in y) peak = Math.Max(peak, Math.Abs(s));
        double gain = (0.04 + 0.8 * Math.Pow(v, 1.6)) * Math.Pow(10, ins.GainDb / 20) / peak;
        var output = new float[Len];
        for (int n = 0; n < Len; n++)
            output[n] = (float)Math.Clamp(y[n] * gain + 3e-4 * Noise(rng), -0.999, 0.999);
        return output;
    }

    // ---- engines -------------------------------------------------------------------------------------------

    private static double[] Guitar(SynthInstrument ins, double f0, double v, LegacyNumpyRandom rng)
    {
        double period = Sr / f0;
        int p = (int)Math.Ceiling(period);
        // Excitation: one period of noise, low-passed (softer plucks are darker), with a pluck-position comb.
        var exc = new double[p];
        for (int i = 0; i < p; i++) exc[i] = Noise(rng);
        OnePoleLowPass(exc, 1500 + 5500 * v * (0.5 + 0.5 * ins.Bright), mix: 1);
        int pluck = Math.Max(1, (int)(p * (0.08 + 0.2 * (0.5 + 0.5 * ins.ShapeJitter))));
        for (int i = p - 1; i >= pluck; i--) exc[i] -= exc[i - pluck];
        double t60 = Math.Clamp(3.5 * ins.Decay * Math.Pow(f0 / 110.0, -0.5), 0.4, 8);
        double a = 0.5 + 0.35 * ins.Bright;           // loop filter: a·y[n−P] + (1−a)·y[n−P−1]
        double gHold = Math.Pow(10, -3.0 / (t60 * f0)), gRelease = Math.Pow(10, -3.0 / (0.12 * f0));
        var y = new double[Len];
        for (int n = 0; n < Len; n++)
        {
            double g = n < Hold ? gHold : gRelease;
            double x = n < p ? exc[n] : 0;
            double back = Delayed(y, n, period), back1 = Delayed(y, n, period + 1);
            y[n] = x + g * (a * back + (1 - a) * back1);
        }
        return y;
    }

    private static readonly double[][] BarModes =
    [
        [1, 3.99, 9.14, 15.5],        // marimba (tuned bar)
        [1, 4.0, 9.0, 10.8],          // vibraphone
        [1, 2.71, 5.15, 8.43],        // glockenspiel (free bar)
        [1, 3.0, 6.1, 10.3],          // xylophone
    ];

    private static double[] Mallet(SynthInstrument ins, double f0, double v, LegacyNumpyRandom rng)
    {
        var modes = BarModes[ins.Shape];
        var y = new double[Len];
        double baseT = 1.6 * ins.Decay * Math.Pow(f0 / 440.0, -0.4);
        for (int m = 0; m < modes.Length; m++)
        {
            double f = f0 * modes[m] * (1 + 0.004 * ins.ShapeJitter * m);
            if (f > MaxPartialHz) break;
            double amp = Math.Pow(0.25 + 0.75 * v, m * (1.5 - ins.Bright)) / (1 + m);
            AddDecayingPartial(y, f, amp, baseT / (1 + 1.5 * m), 0.08, rng.Uniform(0, 2 * Math.PI));
        }
        if (ins.Shape == 1) // vibraphone motor tremolo
            for (int n = 0; n < Len; n++) y[n] *= 1 - 0.35 * (0.5 + 0.5 * Math.Sin(2 * Math.PI * ins.VibratoHz * n / Sr));
        int click = Sr / 200;                          // 5 ms mallet contact noise, harder with velocity
        for (int n = 0; n < click; n++) y[n] += 0.3 * v * (1 - n / (double)click) * Noise(rng);
        return y;
    }

    private static double[] Bowed(SynthInstrument ins, double f0, double v, LegacyNumpyRandom rng)
    {
        var body = BodyResonances(ins);
        double slopeDark = 1.6 - 0.3 * ins.Bright, slopeBright = 1.0 - 0.2 * ins.Bright;
        double Dark(int k) => Math.Pow(k, -slopeDark) * body(k * f0);
        double Bright(int k) => Math.Pow(k, -slopeBright) * body(k * f0);
        var env = Sustained(0.08 + 0.1 * (1 - v) * ins.Decay, 0.15 + 0.1 * ins.Decay);
        var y = Oscillator(f0, Table(f0, Dark, rng), Table(f0, Bright, rng), n => v * Math.Min(1, n / (0.2 * Sr)),
            Vibrato(ins, delaySeconds: 0.3), env);
        AddNoise(y, env, 0.02 + 0.06 * ins.Noise, 1500, 5000, rng);
        return y;
    }

    private static double[] Brass(SynthInstrument ins, double f0, double v, LegacyNumpyRandom rng)
    {
        double dark = 2.8 - 0.4 * ins.Bright, bright = 1.1 - 0.3 * ins.Bright;
        var env = Sustained(0.03 + 0.05 * ins.Decay, 0.1 + 0.1 * ins.Decay);
        double tauB = 0.04 + 0.06 * ins.Decay;
        // Brightness rises over the attack and with velocity (the "brassy" non-linear steepening).
        Func<int, double> mix = n => Math.Pow(v, 1.3) * (1 - Math.Exp(-n / (tauB * Sr)));
        var vib = Vibrato(ins, delaySeconds: 0.5, depthScale: 0.3);
        double glide = 25 + 20 * ins.ShapeJitter;      // start this many cents flat, settle in ~40 ms
        Func<int, double> pitch = n => vib(n) * Math.Pow(2, -glide * Math.Exp(-n / (0.04 * Sr)) / 1200);
        var y = Oscillator(f0, Table(f0, k => Math.Pow(k, -dark), rng), Table(f0, k => Math.Pow(k, -bright), rng), mix, pitch, env);
        AddNoise(y, env, 0.01 + 0.02 * ins.Noise, 300, 3000, rng);
        return y;
    }

    private static double[] Reed(SynthInstrument ins, double f0, double v, LegacyNumpyRandom rng)
    {
        double even = ins.Shape switch { 0 => 0.05, 1 => 0.2, _ => 0.5 } * (1 + 0.3 * ins.ShapeJitter); // clarinet … saxophone
        double Odd(int k, double roll) => (k % 2 == 1 ? 1.0 : even) / k * Math.Exp(-k * f0 / roll);
        var env = Sustained(0.04 + 0.05 * ins.Decay, 0.08 + 0.1 * ins.Decay);
        var y = Oscillator(f0, Table(f0, k => Odd(k, 900 + 400 * ins.Bright), rng), Table(f0, k => Odd(k, 3000 + 3000 * ins.Bright), rng),
            _ => v, Vibrato(ins, 0.6, ins.Shape == 2 ? 0.6 : 0.1), env);
        AddNoise(y, env, 0.01 + 0.03 * ins.Noise, 1000, 6000, rng);
        return y;
    }

    private static double[] Flute(SynthInstrument ins, double f0, double v, LegacyNumpyRandom rng)
    {
        double over = 0.2 + 0.5 * ins.Bright;
        double Soft(int k) => k == 1 ? 1 : 0.25 * Math.Pow(over, k) * (k % 2 == 0 ? 1.3 : 0.8);
        double Hard(int k) => k == 1 ? 1 : 0.6 * Math.Pow(over + 0.2, k - 1);
        var env = Sustained(0.06 + 0.08 * ins.Decay, 0.1 + 0.1 * ins.Decay);
        var y = Oscillator(f0, Table(f0, Soft, rng), Table(f0, Hard, rng), _ => v, Vibrato(ins, 0.4, 0.6), env);
        // Breath: relatively stronger when blown softly; centred around the upper harmonics.
        AddNoise(y, env, (0.05 + 0.1 * ins.Noise) * (1.4 - v), Math.Min(6000, 2 * f0), Math.Min(7500, 6 * f0), rng);
        int chiff = (int)(0.03 * Sr);
        for (int n = 0; n < chiff; n++) y[n] += 0.15 * v * (1 - n / (double)chiff) * Noise(rng);
        return y;
    }

    private static double[] Keyboard(SynthInstrument ins, double f0, double v, LegacyNumpyRandom rng)
    {
        double b = (1 + 3 * ins.Bright) * 1e-4 * Math.Pow(f0 / 262, 0.5);  // string stiffness
        double hardness = 0.3 + 0.7 * v;                                    // harder hammer → more upper partials
        double t0 = 3.0 * ins.Decay * Math.Pow(f0 / 262, -0.6);
        double detune = (0.5 + 1.5 * (0.5 + 0.5 * ins.ShapeJitter)) / 1200 * Math.Log(2);
        var y = new double[Len];
        for (int k = 1; k <= 40; k++)
        {
            double fk = k * f0 * Math.Sqrt(1 + b * k * k);
            if (fk > MaxPartialHz) break;
            double amp = Math.Exp(-(k - 1) * (1.2 - hardness) * (0.3 + 0.4 * (1 - ins.Bright))) / Math.Sqrt(k);
            double tk = Math.Clamp(t0 / (1 + 0.06 * k * k * (0.5 + ins.Decay)), 0.05, 12);
            AddDecayingPartial(y, fk * (1 + detune), amp, tk, 0.1, rng.Uniform(0, 2 * Math.PI));
            if (k <= 10) AddDecayingPartial(y, fk * (1 - detune), 0.8 * amp, tk * 1.2, 0.1, rng.Uniform(0, 2 * Math.PI));
        }
        int thump = Sr / 100;
        for (int n = 0; n < thump; n++) y[n] += 0.2 * v * (1 - n / (double)thump) * Noise(rng);
        return y;
    }

    /// <summary>Vowel formants (F1–F3, Hz): a, o, u, e.</summary>
    private static readonly double[][] Vowels = [[730, 1090, 2440], [570, 840, 2410], [300, 870, 2240], [530, 1840, 2480]];

    private static double[] Vocal(SynthInstrument ins, double f0, double v, LegacyNumpyRandom rng)
    {
        double shift = 1 + 0.08 * ins.ShapeJitter;     // vocal-tract length
        var formants = Vowels[ins.Shape].Select(f => f * shift).ToArray();
        double Formant(double f) => 0.05 + formants.Select((fc, j) => Math.Pow(0.6, j) / (1 + Math.Pow((f - fc) / (60 + 40 * j), 2))).Sum();
        double gSoft = 2.4 - 0.3 * ins.Bright, gHard = 1.4 - 0.3 * ins.Bright;
        var env = Sustained(0.08 + 0.08 * ins.Decay, 0.12 + 0.1 * ins.Decay);
        var y = Oscillator(f0, Table(f0, k => Math.Pow(k, -gSoft) * Formant(k * f0), rng), Table(f0, k => Math.Pow(k, -gHard) * Formant(k * f0), rng),
            _ => v, Vibrato(ins, 0.35), env);
        AddNoise(y, env, 0.02 + 0.04 * ins.Noise, formants[1] * 0.8, formants[2] * 1.2, rng);
        return y;
    }

    // ---- building blocks -----------------------------------------------------------------------------------

    private const int TableSize = 4096;

    /// <summary>One period of Σ_k amp(k)·sin(2πk·i/N + φ_k) for harmonics below <see cref="MaxPartialHz"/>, normalised to peak 1.</summary>
    private static double[] Table(double f0, Func<int, double> amp, LegacyNumpyRandom rng)
    {
        int kMax = Math.Max(1, (int)(MaxPartialHz / (f0 * 1.03)));
        var table = new double[TableSize + 1];
        for (int k = 1; k <= kMax; k++)
        {
            double a = amp(k);
            if (a < 1e-5) continue;
            double phase = rng.Uniform(0, 2 * Math.PI);
            double stepRe = Math.Cos(2 * Math.PI * k / TableSize), stepIm = Math.Sin(2 * Math.PI * k / TableSize);
            double re = Math.Cos(phase), im = Math.Sin(phase);
            for (int i = 0; i < TableSize; i++)
            {
                table[i] += a * im;
                double r = re * stepRe - im * stepIm;
                im = re * stepIm + im * stepRe;
                re = r;
            }
        }
        double peak = 1e-12;
        for (int i = 0; i < TableSize; i++) peak = Math.Max(peak, Math.Abs(table[i]));
        for (int i = 0; i < TableSize; i++) table[i] /= peak;
        table[TableSize] = table[0];
        return table;
    }

    /// <summary>Wavetable oscillator: crossfades a dark and a bright table by <paramref name="mix"/>(n), frequency f0·<paramref name="pitch"/>(n), amplitude <paramref name="env"/>[n].</summary>
    private static double[] Oscillator(double f0, double[] dark, double[] bright, Func<int, double> mix, Func<int, double> pitch, double[] env)
    {
        var y = new double[Len];
        double phase = 0;
        for (int n = 0; n < Len; n++)
        {
            double pos = phase * TableSize;
            int i = (int)pos;
            double frac = pos - i;
            double d = dark[i] + frac * (dark[i + 1] - dark[i]);
            double b = bright[i] + frac * (bright[i + 1] - bright[i]);
            double m = mix(n);
            y[n] = env[n] * (d + m * (b - d));
            phase += f0 * pitch(n) / Sr;
            phase -= Math.Floor(phase);
        }
        return y;
    }

    /// <summary>Attack 1 − e^(−t/τa) during the 3 s hold, then exponential release e^(−(t−3)/τr).</summary>
    private static double[] Sustained(double attackSeconds, double releaseSeconds)
    {
        var env = new double[Len];
        double held = 1 - Math.Exp(-Hold / (attackSeconds * Sr));
        for (int n = 0; n < Len; n++)
            env[n] = n < Hold ? 1 - Math.Exp(-n / (attackSeconds * Sr)) : held * Math.Exp(-(n - Hold) / (releaseSeconds * Sr));
        return env;
    }

    /// <summary>Sinusoidal vibrato (pitch ratio) that fades in after <paramref name="delaySeconds"/>.</summary>
    private static Func<int, double> Vibrato(SynthInstrument ins, double delaySeconds, double depthScale = 1)
    {
        double depth = ins.VibratoCents * depthScale / 1200, w = 2 * Math.PI * ins.VibratoHz / Sr, start = delaySeconds * Sr;
        return n => n < start ? 1 : Math.Pow(2, depth * Math.Min(1, (n - start) / (0.4 * Sr)) * Math.Sin(w * (n - start)));
    }

    /// <summary>Adds a partial a·e^(−t/τ)·sin(2πft + φ) computed by phasor rotation; after the hold it decays with τ = <paramref name="releaseSeconds"/>.</summary>
    private static void AddDecayingPartial(double[] y, double f, double amp, double tauSeconds, double releaseSeconds, double phase)
    {
        double w = 2 * Math.PI * f / Sr;
        double rHold = Math.Exp(-1 / (tauSeconds * Sr)), rRel = Math.Exp(-1 / (Math.Min(tauSeconds, releaseSeconds) * Sr));
        double cr = Math.Cos(w), ci = Math.Sin(w);
        double re = amp * Math.Cos(phase), im = amp * Math.Sin(phase);
        for (int n = 0; n < Len; n++)
        {
            y[n] += im;
            double r = n < Hold ? rHold : rRel;
            double nr = (re * cr - im * ci) * r;
            im = (re * ci + im * cr) * r;
            re = nr;
        }
    }

    /// <summary>Adds band-passed noise (one-pole high-pass at <paramref name="lowHz"/>, low-pass at <paramref name="highHz"/>) following <paramref name="env"/>.</summary>
    private static void AddNoise(double[] y, double[] env, double level, double lowHz, double highHz, LegacyNumpyRandom rng)
    {
        var noise = new double[Len];
        for (int n = 0; n < Len; n++) noise[n] = Noise(rng);
        OnePoleLowPass(noise, highHz, mix: 1);
        double aHp = Math.Exp(-2 * Math.PI * lowHz / Sr), prevX = 0, prevY = 0;
        for (int n = 0; n < Len; n++)
        {
            double hp = aHp * (prevY + noise[n] - prevX);
            prevX = noise[n]; prevY = hp;
            y[n] += level * env[n] * hp;
        }
    }

    /// <summary>Sum of three random body resonances (Lorentzian peaks, 250–3500 Hz) over a flat floor: a violin-body-like response.</summary>
    private static Func<double, double> BodyResonances(SynthInstrument ins)
    {
        var r = new LegacyNumpyRandom((uint)(ins.Id * 7919 + 13));
        var peaks = Enumerable.Range(0, 3).Select(_ => (F: r.Uniform(250, 3500), Q: r.Uniform(3, 8), G: r.Uniform(0.5, 2))).ToArray();
        return f => 0.3 + peaks.Sum(p => p.G / (1 + Math.Pow((f - p.F) / (p.F / p.Q), 2)));
    }

    /// <summary>y ← (1−mix)·y + mix·LP(y), LP a one-pole low-pass with cut-off <paramref name="cutoffHz"/>.</summary>
    private static void OnePoleLowPass(double[] y, double cutoffHz, double mix)
    {
        double a = Math.Exp(-2 * Math.PI * cutoffHz / Sr), s = 0;
        for (int n = 0; n < y.Length; n++)
        {
            s = (1 - a) * y[n] + a * s;
            y[n] = (1 - mix) * y[n] + mix * s;
        }
    }

    /// <summary>y at a fractional delay d before n (linear interpolation; zero before the start).</summary>
    private static double Delayed(double[] y, int n, double d)
    {
        double t = n - d;
        if (t < 0) return 0;
        int i = (int)t;
        double frac = t - i;
        return y[i] + frac * ((i + 1 < n ? y[i + 1] : 0) - y[i]);
    }

    /// <summary>Uniform noise with unit variance.</summary>
    private static double Noise(LegacyNumpyRandom rng) => (2 * rng.NextDouble() - 1) * 1.7320508075688772;
}

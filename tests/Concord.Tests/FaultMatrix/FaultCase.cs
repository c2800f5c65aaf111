namespace Concord.Tests.FaultMatrix;

/// <summary>
/// One row of the fault matrix: <see cref="Setup"/> builds inputs in a fresh temp folder and returns the CLI arguments
/// (outputs go under <c>&lt;temp&gt;/out</c>). Either the run must fail with exit code 1 and one stderr line containing
/// <see cref="ErrorContains"/> (<c>&lt;tmp&gt;</c> in it stands for the temp folder), leave no file under <c>out</c> and
/// pass <see cref="Check"/> if given, or, when <see cref="ErrorContains"/> is null, succeed with exit code 0 and pass
/// <see cref="Check"/>.
/// </summary>
public sealed record FaultCase(
    string Name,
    string Category,
    Func<string, string[]> Setup,
    string? ErrorContains,
    Action<string, string>? Check = null)
{
    /// <summary>Case-level precondition: returns a reason to skip (e.g. tmpfs not mountable) or null.</summary>
    public Func<string, string?>? Precondition { get; init; }

    /// <summary>The exit code of a refused case: 1 (bad input), or 2 for a usage error (an option value out of bounds).</summary>
    public int ExpectedExit { get; init; } = 1;

    /// <summary>Clean-up after the run (e.g. unmount), always called.</summary>
    public Action<string>? Teardown { get; init; }
}

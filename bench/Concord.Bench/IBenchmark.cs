namespace Concord.Bench;

/// <summary>One benchmark command: prints its figures to stdout, returns an exit code.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    int Run(string[] args);
}

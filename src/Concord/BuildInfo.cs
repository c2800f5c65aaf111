using System.Reflection;

namespace Concord;

/// <summary>Version facts recorded in every manifest: Concord's version and git commit, and the runtime.</summary>
public static class BuildInfo
{
    private static string Informational =>
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Concord's version without the commit suffix.</summary>
    public static string Version => Informational.Split('+')[0];

    /// <summary>The git commit Concord was built from ("unknown" outside a git checkout).</summary>
    public static string Commit => Informational.Contains('+') ? Informational.Split('+')[1] : "unknown";

    /// <summary>The .NET runtime description.</summary>
    public static string Runtime => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}

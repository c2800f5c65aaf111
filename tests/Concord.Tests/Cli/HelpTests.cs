using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Concord.Cli;
using Concord.Tests.Infrastructure;
using Spectre.Console.Cli;

namespace Concord.Tests.Cli;

/// <summary>
/// Issue 8 acceptance: <c>concord --help</c> lists every command the tool defines, and every command's
/// <c>--help</c> shows a description plus every argument and option with its description. The commands and their
/// options are found by reflection (every <see cref="ICommand"/> in the CLI assembly and its settings' attributes), the
/// help text by running the CLI as a process.
/// </summary>
public sealed partial class HelpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Every command class of the CLI and its settings type (XyzCommand → "xyz", SynthDatasetCommand → "synth-dataset").</summary>
    private static List<(string Name, Type Command, Type Settings)> Commands() =>
        typeof(CliSetup).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(ICommand).IsAssignableFrom(t))
            .Select(t =>
            {
                var settings = BaseTypes(t).First(b => b.IsGenericType && b.GetGenericTypeDefinition() == typeof(Command<>)).GetGenericArguments()[0];
                string name = Kebab().Replace(t.Name[..^"Command".Length], "$1-$2").ToLowerInvariant();
                return (name, t, settings);
            }).OrderBy(c => c.name, StringComparer.Ordinal).ToList();

    private static IEnumerable<Type> BaseTypes(Type t)
    {
        for (var b = t.BaseType; b is not null; b = b.BaseType) yield return b;
    }

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex Kebab();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    /// <summary>Help text as one line: whitespace runs (line wrapping, table padding) collapsed to one space.</summary>
    private static string Flat(string s) => Space().Replace(s, " ");

    /// <summary>A [Description] as Spectre prints it: markup escapes <c>[[</c>/<c>]]</c> undone, flattened, final period dropped.</summary>
    private static string Shown(string description) =>
        Flat(description.Replace("[[", "[", StringComparison.Ordinal).Replace("]]", "]", StringComparison.Ordinal)).Trim().TrimEnd('.');

    private static string Help(params string[] args)
    {
        using var t = new TempDir();
        var (exit, stdout, stderr) = CliProcess.Run([.. args, "--help"], t.Path, Timeout);
        Assert.True(exit == 0, $"concord {string.Join(' ', args)} --help: exit {exit}: {stderr}");
        return stdout;
    }

    [Fact]
    public void RootHelpListsEveryCommandClassAndNothingElse()
    {
        string help = Help();
        string commands = help[(help.IndexOf("COMMANDS:", StringComparison.Ordinal) + "COMMANDS:".Length)..];
        var rows = Regex.Matches(commands, @"^\s{4}([a-z][a-z-]*)( <[A-Z_]+>)?\s+(\S.*)$", RegexOptions.Multiline);
        Assert.Equal(Commands().Select(c => c.Name), rows.Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.All(rows, m => Assert.True(m.Groups[3].Value.Trim().Length >= 10, $"{m.Groups[1].Value}: no description in concord --help"));
    }

    public static TheoryData<string> CommandNames => new(Commands().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void CommandHelpDocumentsEveryArgumentAndOption(string name)
    {
        var (_, command, settings) = Commands().Single(c => c.Name == name);
        string help = Flat(Help(name));
        Assert.Matches(@"^ ?DESCRIPTION: \S", help);
        int documented = 0;
        foreach (var p in settings.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var option = p.GetCustomAttribute<CommandOptionAttribute>();
            var argument = p.GetCustomAttribute<CommandArgumentAttribute>();
            if (option is null && argument is null) continue;
            string? description = p.GetCustomAttribute<DescriptionAttribute>()?.Description;
            Assert.False(string.IsNullOrWhiteSpace(description), $"{command.Name}.{p.Name} has no [Description]");
            string shown = Shown(description);
            if (argument is not null)
                Assert.Contains($"<{argument.ValueName}> {shown}", help, StringComparison.Ordinal);
            else
            {
                string form = option!.LongNames.Count > 0 ? "--" + option.LongNames[0] : "-" + option.ShortNames[0];
                int at = help.IndexOf(form, StringComparison.Ordinal);
                Assert.True(at >= 0, $"{name} --help does not show {form}");
                Assert.Contains(shown, help[at..], StringComparison.Ordinal);
            }
            documented++;
        }
        Assert.True(documented > 0, $"{name}: no options found on {settings.Name}");
    }
}

using Concord.Cli;
using Spectre.Console.Cli;

args = Concord.Cli.Commands.ProbeCommand.NormalizeArguments(args);   // `concord probe --c 1.0`
var app = new CommandApp();
app.Configure(config => CliSetup.Configure(config, args));
return app.Run(CliSetup.NormalizeArguments(args));

using Concord.Cli;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config => CliSetup.Configure(config, args));
return app.Run(CliSetup.NormalizeArguments(args));

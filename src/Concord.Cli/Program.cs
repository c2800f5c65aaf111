return Concord.Cli.CliSetup.Run(args);

// The `metering` executable. Composition root: the command line decides what runs (see Cli/).
return await Metering.Collector.Cli.MeteringCli.RunAsync(args);

using PeroCore.Server.Cli;

return await PeroCoreCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);

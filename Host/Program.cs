using Sluice.Host.Cli;

return await SluiceCommand.RunAsync(args).ConfigureAwait(false);

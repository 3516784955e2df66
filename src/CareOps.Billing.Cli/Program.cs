using CareOps.Billing.Cli;

return await ClaimCommand.RunAsync(args, Console.Out, Console.Error);

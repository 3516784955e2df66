using CareOps.Bench;

// Benchmarks, not tests: each command prints figures and compares them with references.
// dotnet run -c Release --project bench/CareOps.Bench -- <command> …
return args.FirstOrDefault() switch
{
    "vrptw" => await VrptwCommand.RunAsync(args[1..]),
    "roster" => await RosterCommand.RunAsync(args[1..]),
    "repair" => await RepairCommand.RunAsync(args[1..]),
    "claims" => ClaimsCommand.Run(args[1..]),
    "app-week" => await AppWeekCommand.RunAsync(args[1..]),
    "live-push" => await LivePushCommand.RunAsync(args[1..]),
    "checkin-burst" => await CheckinBurstCommand.RunAsync(args[1..]),
    "phone-pages" => await PhonePagesCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          vrptw FILES… --seconds S --seed N --out DIR [--solver careops|ortools|both] [--threads T]
          roster (--demo | --problem FILE) --seconds S --seed N [--threads T] [--work N] [--solver greedy|careops|ortools|all] [--out FILE]
          repair --problem FILE --roster FILE --disruption FILE [--seconds S]
          claims [--clients N] [--seed N]
          app-week [--agency R1] [--seconds 60] [--threads 2] [--work 600000]
          live-push [--caregivers 1000] [--agency R1] [--hash-iterations 1000] [--gc server|workstation] [--hold S]
          checkin-burst [--caregivers 1000] [--agency R1] [--seconds 55] [--resend 10] [--double-tap 0] [--seed 1] [--hash-iterations 1000] [--gc server|workstation]
          phone-pages [--runs 3] [--app DIR]   (DIR: the app's Release build output, or a dotnet publish folder)
        """);
    return 2;
}

using System.Diagnostics;
using CareOps.Billing.Batches;
using CareOps.Billing.Claims;
using CareOps.Billing.Policies;

namespace CareOps.Bench;

/// <summary>
/// Month close at scale: N clients (default 100 000, the Zhoushan mix) with ≈ 12 visits each (≈ 1.2 M),
/// priced on one thread, then gathered into one batch and exported. Target: ≤ 30 s, ≤ 2 GB. The mix carries the
/// other benefits too (issue 11): family caregivers with their training (a few untrained or trained mid-month),
/// 15 % 舟惠保 holders and 3 % social-assistance recipients (the insurers' lines), and 5 % clients of a Jining
/// agency renting one or two assistive devices (the suppliers' lines).
/// </summary>
public static class ClaimsCommand
{
    public static int Run(string[] args)
    {
        var clients = IntOption(args, "--clients", 100_000);
        var seed = IntOption(args, "--seed", 7);
        var month = new DateOnly(2027, 3, 1); // a Monday; 31 days, the last week runs into April
        var calculator = new ClaimCalculator(PolicyBook.Seed());

        var generate = Stopwatch.StartNew();
        var cases = Generate(clients, seed, month);
        generate.Stop();
        var visits = cases.Sum(c => c.Visits.Count);
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var topUps = cases.Count(c => c.TopUps is not null);
        var rentals = cases.Sum(c => c.Rentals.Count);
        var price = Stopwatch.StartNew();
        var results = new List<(ClaimResult, string)>(cases.Count);
        foreach (var claim in cases)
        {
            results.Add((calculator.Calculate(claim), claim.Client.Name));
        }

        price.Stop();
        var batchTime = Stopwatch.StartNew();
        var batch = ClaimBatch.Draft(Guid.NewGuid(), "BENCH", month, results);
        var problems = batch.Validate();
        var csv = BatchFiles.ToCsv(batch);
        batchTime.Stop();

        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine($"claims: {clients:N0} clients, {visits:N0} visits, month {month:yyyy-MM} (generated in {generate.Elapsed.TotalSeconds:F1} s)");
        Console.WriteLine($"  with {topUps:N0} top-up holders ({results.Sum(r => r.Item1.TopUps.Count):N0} insurer invoices, {results.Sum(r => r.Item1.TopUps.Sum(t => t.Total)):N2} CNY), {rentals:N0} device rentals ({batch.Lines.Count(l => l.Reason == "DeviceRental"):N0} supplier lines), {batch.Lines.Count(l => l.Reason == "FamilyCareUntrained"):N0} untrained-relative deductions");
        Console.WriteLine($"  priced on 1 thread in {price.Elapsed.TotalSeconds:F2} s ({clients / price.Elapsed.TotalSeconds:N0} clients/s)   target ≤ 30 s");
        Console.WriteLine($"  batch of {batch.Lines.Count:N0} lines validated ({problems.Count} problems) and exported to CSV ({csv.Length / 1_048_576.0:F1} MB) in {batchTime.Elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"  fund total {batch.FundTotal:N2} CNY, client total {batch.ClientTotal:N2} CNY, control sum {batch.ControlSum}");
        Console.WriteLine($"  managed heap growth {(GC.GetTotalMemory(false) - before) / 1_048_576.0:F0} MB, peak working set {peak / 1_048_576.0:F0} MB   target ≤ 2 048 MB");
        return 0;
    }

    /// <summary>Zhoushan-like month: 60 % family care (2 × 90 min), 40 % home (3 × 60 min), some slips and hospital stays.</summary>
    private static List<ClaimCase> Generate(int count, int seed, DateOnly month)
    {
        var random = new Random(seed);
        var cases = new List<ClaimCase>(count);
        for (var i = 0; i < count; i++)
        {
            var jining = random.NextDouble() < 0.05;
            var family = !jining && random.NextDouble() < 0.6;
            var status = new List<StatusSpan>();
            if (random.NextDouble() < 0.03)
            {
                var start = month.AddDays(random.Next(0, 20));
                status.Add(new StatusSpan { State = ClientState.Active, From = new DateOnly(2025, 1, 1), To = start.AddDays(-1) });
                status.Add(new StatusSpan { State = ClientState.InHospital, From = start, To = start.AddDays(random.Next(2, 8)) });
                status.Add(new StatusSpan { State = ClientState.Active, From = start.AddDays(9) });
            }
            else
            {
                status.Add(new StatusSpan { State = ClientState.Active, From = new DateOnly(2025, 1, 1) });
            }

            int[] weekdays = family ? [1, 3] : [0, 2, 4];
            var minutes = family ? 90 : 60;
            var visits = new List<VisitRecord>(16);
            var end = month.AddMonths(1).AddDays(-1);
            for (var week = 0; month.AddDays(week * 7) <= end; week++)
            {
                foreach (var d in weekdays)
                {
                    var roll = random.NextDouble();
                    visits.Add(new VisitRecord
                    {
                        Id = $"{i}-{week}-{d}",
                        Date = month.AddDays(week * 7 + d),
                        Caregiver = "cg",
                        CaregiverCertified = roll > 0.005,
                        CheckIn = new TimeOnly(9, 0),
                        CheckOut = new TimeOnly(9, 0).AddMinutes(roll < 0.02 ? 40 : minutes + 5),
                        LocationVerified = roll < 0.97,
                    });
                }
            }

            var trainedRoll = random.NextDouble();
            var relative = family
                ? new FamilyCaregiverInfo
                {
                    Name = $"亲属{i}",
                    Relationship = "女儿",
                    Training = trainedRoll < 0.02 ? null : new FamilyCareTraining
                    {
                        Course = "护理实践培训",
                        CompletedOn = trainedRoll < 0.05 ? month.AddDays(random.Next(1, 28)) : month.AddDays(-random.Next(10, 400)),
                        CertificateNo = $"PX{i:D6}",
                    },
                }
                : null;
            var coverages = new List<CareOps.Billing.TopUps.CoverageSpan>();
            var topUpRoll = random.NextDouble();
            if (!jining && topUpRoll < 0.15)
            {
                coverages.Add(new() { Type = CareOps.Billing.TopUps.CoverageType.Zhuhuibao, From = new DateOnly(2025, 1, 1) });
            }
            else if (!jining && topUpRoll < 0.18)
            {
                coverages.Add(new() { Type = CareOps.Billing.TopUps.CoverageType.SocialAssistance, From = new DateOnly(2025, 1, 1) });
            }

            List<DeviceRental> rented = jining
                ? [new DeviceRental { Device = "BED-ELECTRIC", From = month.AddDays(-random.Next(0, 90)) }]
                : [];
            if (jining && random.NextDouble() < 0.4)
            {
                rented.Add(new DeviceRental { Device = "WHEELCHAIR-MANUAL", From = month.AddDays(random.Next(0, 20)) });
            }

            cases.Add(new ClaimCase
            {
                City = jining ? "jining" : "zhoushan",
                Month = month,
                Client = new ClientInfo { Id = $"c{i:D6}", Name = $"客户{i}", CareMode = family ? CareMode.FamilyCare : CareMode.Home, Status = status, FamilyCaregiver = relative },
                Visits = visits,
                Rentals = rented,
                TopUps = coverages.Count == 0 ? null : new CaseTopUps
                {
                    Coverages = coverages,
                    ZhuhuibaoHoursDelivered = random.Next(0, 12),
                    SocialAssistanceDelivered = random.Next(0, 5) * 60m,
                },
            });
        }

        return cases;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }
}

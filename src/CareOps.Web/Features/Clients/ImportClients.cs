using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using CareOps.Data;
using CareOps.Data.Billing;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Clients;

/// <summary>What a valid row will do.</summary>
public enum ImportAction
{
    /// <summary>No client of the agency has this resident ID: one is created, active from today.</summary>
    New,

    /// <summary>The agency's client with this resident ID gets the file's values.</summary>
    Update,

    /// <summary>The agency's client already holds exactly the file's values.</summary>
    Unchanged,

    /// <summary>The row has problems: nothing of the file can be imported until they are fixed.</summary>
    Error,
}

/// <summary>A row of the preview. The resident ID is masked, as in every list.</summary>
public sealed record ImportRow(
    int Row, string ResidentIdMasked, string Name, int? Grade, CareMode? CareMode, string Place,
    ImportAction Action, IReadOnlyList<ImportColumn> Changes, Problems Problems);

/// <summary>
/// What importing the file would do: every row, or the problems of the whole file (too large, wrong type, columns
/// missing, not allowed). <see cref="Token"/> stands for the file and the agency's matching clients as they are now.
/// </summary>
public sealed record ImportPreview(IReadOnlyList<ImportRow> Rows, Problems FileProblems, string Token)
{
    public int Count(ImportAction action) => Rows.Count(r => r.Action == action);

    public bool HasErrors => !FileProblems.IsEmpty || Rows.Any(r => r.Action == ImportAction.Error);

    /// <summary>Confirmable: readable, no row with an error, and something to write.</summary>
    public bool CanCommit => !HasErrors && Rows.Any(r => r.Action is ImportAction.New or ImportAction.Update);
}

public sealed record ImportResult(int Created, int Updated, int Unchanged);

/// <summary>
/// Imports clients from the fund's assessment list (docs/client-import.md). <see cref="ParseAsync"/> previews every
/// row with its problems; <see cref="CommitAsync"/> reads the same file again inside one transaction and writes all
/// rows or none: refused when any row has a problem or when the preview no longer matches the database (its token).
/// A row matches the agency's client with the same resident ID (never another agency's: the tenant filter); a second
/// import of the same file finds every row unchanged and writes nothing.
/// </summary>
public sealed class ImportClients(IDbContextFactory<CareOpsDb> dbFactory, TimeProvider clock, Caller caller)
{
    /// <summary>Rows written per SaveChanges inside the one transaction (bounds the batch a provider sends at once).</summary>
    public int BatchSize { get; init; } = 500;

    public async Task<ImportPreview> ParseAsync(Stream file, string fileName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var refused = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!refused.IsEmpty)
        {
            return new ImportPreview([], refused, "");
        }

        var bytes = await ReadAsync(file, ct);
        return bytes is null ? TooLarge() : (await PlanAsync(db, bytes, fileName, ct)).Preview;
    }

    public async Task<Outcome<ImportResult>> CommitAsync(Stream file, string fileName, string previewToken, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var refused = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!refused.IsEmpty)
        {
            return Outcome.Refused<ImportResult>(refused);
        }

        var bytes = await ReadAsync(file, ct);
        if (bytes is null)
        {
            return Outcome.Refused<ImportResult>(TooLarge().FileProblems);
        }

        try
        {
            // Serializable: the rows read to judge the file are the rows written, or the commit fails and nothing is written.
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            var plan = await PlanAsync(db, bytes, fileName, ct);
            var preview = plan.Preview;
            if (preview.HasErrors)
            {
                return Outcome.Refused<ImportResult>(preview.FileProblems.IsEmpty ? Problems.Of("Error.Import.HasErrors", preview.Count(ImportAction.Error)) : preview.FileProblems);
            }

            var unchanged = preview.Count(ImportAction.Unchanged);
            if (!preview.CanCommit)
            {
                return Outcome.Done(new ImportResult(0, 0, unchanged)); // the same file again: nothing to do, nothing done
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(preview.Token), Encoding.ASCII.GetBytes(previewToken)))
            {
                return Outcome.Refused<ImportResult>(Problems.Of("Error.Import.Stale"));
            }

            var today = AgencyClock.Today(clock);
            var written = 0;
            foreach (var reading in plan.Writes)
            {
                var client = plan.Existing.GetValueOrDefault(Data.Domain.ResidentId.Normalize(reading.Form.ResidentId));
                if (client is null)
                {
                    client = new Client { Name = reading.Form.Name, ResidentId = reading.Form.ResidentId };
                    client.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.Active, From = today });
                    db.Clients.Add(client);
                }

                reading.Form.ApplyTo(client, plan.Setting.Places.Single(p => p.Id == reading.Form.PlaceId), today);
                if (++written % BatchSize == 0)
                {
                    await db.SaveChangesAsync(ct);
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Outcome.Done(new ImportResult(preview.Count(ImportAction.New), preview.Count(ImportAction.Update), unchanged));
        }
        catch (Exception e) when (e is DbUpdateException or DbException)
        {
            // A colleague saved one of these clients meanwhile (unique resident ID, serialization failure): the
            // transaction is rolled back as it is disposed, so nothing of the file is written.
            return Outcome.Refused<ImportResult>(Problems.Of("Error.Import.NotSaved"));
        }
    }

    private sealed record Plan(ImportPreview Preview, ImportSetting Setting, Dictionary<string, Client> Existing, List<RowReading> Writes);

    private async Task<Plan> PlanAsync(CareOpsDb db, byte[] bytes, string fileName, CancellationToken ct)
    {
        var today = AgencyClock.Today(clock);
        var agencyId = db.CurrentAgencyId;
        var places = await AgencyPlaces.ForCurrentAgencyAsync(db, ct);
        var regions = await db.Regions.AsNoTracking()
            .Where(r => db.AgencyRegions.Any(a => a.AgencyId == agencyId && a.RegionId == r.Id))
            .OrderBy(r => r.Code).ToListAsync(ct);
        var city = await db.Agencies.Where(a => a.Id == agencyId).Select(a => a.CityPolicy).SingleAsync(ct);
        var setting = new ImportSetting(places, regions, await PolicyStore.InForceAsync(db, city, today, ct), today, db.Model);

        var table = ClientImportFile.Read(bytes, fileName);
        var empty = new Plan(new ImportPreview([], table.Problems, ""), setting, [], []);
        if (!table.Problems.IsEmpty)
        {
            return empty;
        }

        // The agency's clients named in the file, tracked: the commit updates these very entities.
        var ids = table.Lines.Select(ClientImportRows.ResidentIdOf).OfType<string>().Distinct().ToList();
        var existing = new Dictionary<string, Client>();
        foreach (var chunk in ids.Chunk(1000))
        {
            var found = await db.Clients.Include(c => c.Coverages).Where(c => chunk.Contains(c.ResidentId)).ToListAsync(ct);
            foreach (var client in found)
            {
                existing[client.ResidentId] = client;
            }
        }

        var readings = table.Lines.Select(line =>
        {
            var client = ClientImportRows.ResidentIdOf(line) is { } id ? existing.GetValueOrDefault(id) : null;
            return (Line: line, Client: client, Reading: ClientImportRows.Read(line, client, setting));
        }).ToList();

        // A resident ID twice in the file: each of those rows names the others (which one is right is the clerk's call).
        foreach (var group in readings.Where(r => Data.Domain.ResidentId.IsValid(r.Reading.Form.ResidentId))
                     .GroupBy(r => Data.Domain.ResidentId.Normalize(r.Reading.Form.ResidentId)).Where(g => g.Count() > 1))
        {
            foreach (var r in group)
            {
                var others = string.Join(", ", group.Where(o => o.Line.Row != r.Line.Row).Select(o => o.Line.Row));
                r.Reading.Problems.Add(nameof(ImportColumn.ResidentId), "Error.Import.DuplicateInFile", others);
            }
        }

        var rows = new List<ImportRow>();
        var writes = new List<RowReading>();
        var token = new StringBuilder().Append(agencyId).Append('\n');
        foreach (var (line, client, reading) in readings)
        {
            var before = client is null ? null : ClientForm.From(client, today);
            var changes = before is null ? [] : ClientImportRows.Changes(before, reading.Form);
            var action = !reading.Problems.IsEmpty ? ImportAction.Error
                : client is null ? ImportAction.New
                : changes.Count > 0 ? ImportAction.Update
                : ImportAction.Unchanged;
            var form = reading.Form;
            rows.Add(new ImportRow(line.Row, Data.Domain.ResidentId.Mask(form.ResidentId), form.Name.Trim(),
                form.Grade > 0 ? form.Grade : null, line.Cells.ContainsKey(ImportColumn.CareMode) || client is not null ? form.CareMode : null,
                places.FirstOrDefault(p => p.Id == form.PlaceId)?.Name ?? "", action, changes, reading.Problems));
            if (action is ImportAction.New or ImportAction.Update)
            {
                writes.Add(reading);
            }

            token.Append(line.Row).Append('|').Append(action).Append('|').Append(client?.Id)
                .Append('|').Append(before is null ? "" : ClientImportRows.Fingerprint(before))
                .Append('|').Append(ClientImportRows.Fingerprint(form)).Append('\n');
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token.ToString())));
        return new Plan(new ImportPreview(rows, [], hash), setting, existing, writes);
    }

    /// <summary>The upload, or null when it is larger than the import accepts (read no further than the limit).</summary>
    private static async Task<byte[]?> ReadAsync(Stream file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > ClientImportFile.MaxBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    private static ImportPreview TooLarge() =>
        new([], Problems.Of("Error.Import.TooLarge", ClientImportFile.MaxBytes / 1024 / 1024), "");
}

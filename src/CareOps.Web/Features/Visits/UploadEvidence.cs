using System.Security.Cryptography;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Features.Roster;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Visits;

/// <summary>A kind of evidence file the phone may send: its type, extension, largest size, and how its content begins.</summary>
public sealed record EvidenceKind(string ContentType, string Extension, bool IsAudio, Func<byte[], bool> Signature)
{
    public const long MaxPhotoBytes = 10L * 1024 * 1024;

    /// <summary>A full-visit recording (Zhoushan asks for one) at phone quality: 90 minutes at about 64 kbit/s.</summary>
    public const long MaxAudioBytes = 50L * 1024 * 1024;

    public long MaxBytes => IsAudio ? MaxAudioBytes : MaxPhotoBytes;

    public static readonly IReadOnlyList<EvidenceKind> All =
    [
        new("image/jpeg", ".jpg", false, b => b is [0xFF, 0xD8, 0xFF, ..]),
        new("image/png", ".png", false, b => b is [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..]),
        new("image/webp", ".webp", false, b => Ascii(b, 0, "RIFF") && Ascii(b, 8, "WEBP")),
        new("audio/mpeg", ".mp3", true, b => Ascii(b, 0, "ID3") || b is [0xFF, var s, ..] && (s & 0xE0) == 0xE0),
        new("audio/mp4", ".m4a", true, b => Ascii(b, 4, "ftyp")),
        new("audio/x-m4a", ".m4a", true, b => Ascii(b, 4, "ftyp")),
        new("audio/aac", ".aac", true, b => b is [0xFF, var s, ..] && (s & 0xF6) == 0xF0),
        new("audio/webm", ".webm", true, b => b is [0x1A, 0x45, 0xDF, 0xA3, ..]),
        new("audio/ogg", ".ogg", true, b => Ascii(b, 0, "OggS")),
        new("audio/wav", ".wav", true, b => Ascii(b, 0, "RIFF") && Ascii(b, 8, "WAVE")),
        new("audio/x-wav", ".wav", true, b => Ascii(b, 0, "RIFF") && Ascii(b, 8, "WAVE")),
        new("audio/amr", ".amr", true, b => Ascii(b, 0, "#!AMR")),
    ];

    /// <summary>The kind of a declared content type (parameters such as <c>;codecs=opus</c> ignored), or null.</summary>
    public static EvidenceKind? Of(string? contentType)
    {
        var type = contentType?.Split(';')[0].Trim();
        return All.FirstOrDefault(k => string.Equals(k.ContentType, type, StringComparison.OrdinalIgnoreCase));
    }

    private static bool Ascii(byte[] bytes, int at, string text) =>
        bytes.Length >= at + text.Length && text.Select((c, i) => bytes[at + i] == c).All(x => x);
}

/// <summary>
/// Attaches a photo or recording to a visit by its caregiver. The declared type must be one we take and the content
/// must begin as that type does; the size is limited per kind; the SHA-256 is kept. The phone's key is the evidence's
/// id, so a retried upload returns the first copy instead of storing a second.
/// </summary>
public sealed class UploadEvidence(IDbContextFactory<CareOpsDb> dbFactory, Caller caller, TimeProvider clock, IEvidenceStore store, ILogger<UploadEvidence> log)
{
    public const int MaxPerVisit = 20;

    public async Task<Outcome<VisitEvidence>> ExecuteAsync(Guid visitId, Guid key, string? fileName, string? contentType, Stream content, long length, CancellationToken ct = default)
    {
        var problems = await caller.RequireAsync(Policies.Caregiver);
        var caregiverId = TenantClaims.CaregiverOf(caller.User);
        if (problems.IsEmpty && caregiverId is null)
        {
            problems = Problems.Of("Error.NotAllowed");
        }

        if (problems.IsEmpty && key == Guid.Empty)
        {
            problems = Problems.Of("Visit.BadOperation");
        }

        if (!problems.IsEmpty)
        {
            return Outcome.Refused<VisitEvidence>(problems);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var earlier = await db.VisitEvidence.IgnoreQueryFilters([CareOpsDb.TenantFilter]).AsNoTracking().SingleOrDefaultAsync(e => e.Id == key, ct);
        if (earlier is not null)
        {
            return earlier.VisitId == visitId && earlier.AgencyId == db.CurrentAgencyId
                ? Outcome.Done(earlier)
                : Outcome.Refused<VisitEvidence>(Problems.Of("Visit.BadOperation"));
        }

        var visit = await db.Visits.AsNoTracking().SingleOrDefaultAsync(v => v.Id == visitId, ct);
        if (visit is null || visit.CaregiverId != caregiverId)
        {
            log.CaptureRefusedNotHers(visitId, caregiverId!.Value);
            return Outcome.Refused<VisitEvidence>(Problems.Of("Visit.NotYours"));
        }

        problems = Check(visit, contentType, length, out var kind);
        if (problems.IsEmpty && await db.VisitEvidence.CountAsync(e => e.VisitId == visitId, ct) >= MaxPerVisit)
        {
            problems = Problems.Of("Evidence.TooMany", MaxPerVisit);
        }

        if (!problems.IsEmpty)
        {
            return Outcome.Refused<VisitEvidence>(problems);
        }

        // The content is read three times (signature, hash, store): buffer a stream that cannot seek.
        await using var buffered = content.CanSeek ? null : await BufferAsync(content, kind!.MaxBytes, ct);
        var source = buffered ?? content;
        var head = new byte[16];
        source.Position = 0;
        var read = await source.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (source.Length > kind!.MaxBytes)
        {
            return Outcome.Refused<VisitEvidence>(Problems.Of("Evidence.TooLarge", kind.MaxBytes / 1024 / 1024));
        }

        if (read == 0 || !kind.Signature(head[..read]))
        {
            return Outcome.Refused<VisitEvidence>(Problems.Of("Evidence.NotWhatItSays"));
        }

        source.Position = 0;
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(source, ct));
        source.Position = 0;
        var storageKey = await store.SaveAsync(visit.AgencyId, visit.Id, key, kind.Extension, source, ct);
        var evidence = new VisitEvidence
        {
            Id = key,
            AgencyId = visit.AgencyId,
            VisitId = visit.Id,
            FileName = SafeName(fileName, kind.Extension),
            ContentType = kind.ContentType,
            Length = source.Length,
            Sha256 = sha,
            StorageKey = storageKey,
            UploadedAt = clock.GetUtcNow(),
            UploadedBy = RosterWeeks.NameOf(caller.User),
        };
        db.VisitEvidence.Add(evidence);
        db.VisitAudit.Add(new VisitAuditEntry
        {
            AgencyId = visit.AgencyId,
            VisitId = visit.Id,
            At = evidence.UploadedAt,
            Actor = evidence.UploadedBy,
            Action = "Evidence",
            AfterJson = System.Text.Json.JsonSerializer.Serialize(new { evidence.Id, evidence.FileName, evidence.ContentType, evidence.Length, evidence.Sha256 }),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The row could not be written (a racing retry of the same key, or the database): no file without its row.
            store.Delete(storageKey);
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            var first = await again.VisitEvidence.AsNoTracking().SingleOrDefaultAsync(e => e.Id == key && e.VisitId == visitId, ct);
            if (first is not null)
            {
                return Outcome.Done(first);
            }

            throw;
        }

        log.EvidenceStored(evidence.Id, evidence.Length, evidence.ContentType, visit.Id);
        return Outcome.Done(evidence);
    }

    private static Problems Check(Visit visit, string? contentType, long length, out EvidenceKind? kind)
    {
        kind = EvidenceKind.Of(contentType);
        if (visit.Status is VisitStatus.Planned or VisitStatus.Cancelled or VisitStatus.Missed)
        {
            return Problems.Of("Visit.NotCheckedIn");
        }

        if (kind is null)
        {
            return Problems.Of("Evidence.WrongType");
        }

        if (length <= 0)
        {
            return Problems.Of("Evidence.Empty");
        }

        return length > kind.MaxBytes ? Problems.Of("Evidence.TooLarge", kind.MaxBytes / 1024 / 1024) : [];
    }

    private static async Task<MemoryStream> BufferAsync(Stream content, long max, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > max)
            {
                break;
            }
        }

        return buffer;
    }

    /// <summary>The file's name as shown to a reviewer: no path, no control characters, at most 100 characters.</summary>
    private static string SafeName(string? name, string extension)
    {
        var clean = new string(Path.GetFileName(name ?? "").Where(c => !char.IsControl(c) && c is not ('/' or '\\')).ToArray()).Trim();
        if (clean.Length == 0)
        {
            clean = "evidence" + extension;
        }

        return clean.Length <= 100 ? clean : clean[^100..];
    }
}

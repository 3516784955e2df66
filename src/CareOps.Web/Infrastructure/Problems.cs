using System.Globalization;
using CareOps.Billing;
using Microsoft.Extensions.Localization;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// One thing a use case refused: a resource key (in tools/strings.tsv, both languages), the values its sentence
/// needs, and the form field it belongs to (null: the whole operation). The page words it in the user's language.
/// </summary>
public sealed record Problem(string Key, object[] Args, string? Field = null)
{
    public static Problem Of(string key, params object[] args) => new(key, args);

    public static Problem ForField(string field, string key, params object[] args) => new(key, args, field);

    /// <summary>A billing engine's code: the key is "Billing." + code, enum arguments are worded too.</summary>
    public static Problem From(BillingProblem problem, string? field = null) =>
        new("Billing." + problem.Code, [.. problem.Args.Select(TextArg.For)], field);

    /// <summary>The sentence in the current UI language.</summary>
    public string Localize(IStringLocalizer text) => TextArg.Format(text, Key, Args);
}

/// <summary>An argument that is itself a text of the UI (a state, a care mode), worded in the user's language.</summary>
public sealed record TextArg(string Key)
{
    /// <summary>Billing enums have UI names ("Batch.Draft", "CareMode.Home", "Payee.Agency"); other values pass as they are.</summary>
    public static object For(object arg) => arg switch
    {
        Billing.Batches.BatchState s => new TextArg("Batch." + s),
        Billing.Policies.CareMode m => new TextArg("CareMode." + m),
        Billing.Policies.Payee p => new TextArg("Payee." + p),
        decimal d => d.ToString(CultureInfo.InvariantCulture), // as it is: "1.234 is not rounded" must show the 4
        _ => arg,
    };

    /// <summary>The text of a key in the current UI language, with its arguments (text arguments worded too).</summary>
    public static string Format(IStringLocalizer text, string key, object[] args) =>
        text[key, [.. args.Select(a => a is TextArg t ? text[t.Key].Value : a)]].Value;
}

/// <summary>What a use case refused. Empty means everything was accepted (and saved).</summary>
public sealed class Problems : List<Problem>
{
    public Problems()
    {
    }

    public Problems(IEnumerable<Problem> problems)
        : base(problems)
    {
    }

    public bool IsEmpty => Count == 0;

    public static Problems Of(string key, params object[] args) => [Problem.Of(key, args)];

    public void Add(string field, string key, params object[] args) => Add(Problem.ForField(field, key, args));

    public bool Has(string field) => this.Any(e => e.Field == field);

    /// <summary>The sentence for a field's first problem in the UI language, or null when the field is fine.</summary>
    public string? MessageFor(string field, IStringLocalizer text) =>
        this.FirstOrDefault(e => e.Field == field) is { } e ? e.Localize(text) : null;

    /// <summary>The problems of no particular field (shown above or below the form).</summary>
    public IEnumerable<Problem> General => this.Where(p => p.Field is null);
}

/// <summary>The outcome of a use case that produces something (an id, a batch, a link): the value, or the problems and nothing saved.</summary>
public sealed record Outcome<T>(T? Value, Problems Problems)
{
    public bool Succeeded => Problems.IsEmpty;
}

/// <summary>Makes <see cref="Outcome{T}"/>s (statics live here, not on the generic type: CA1000).</summary>
public static class Outcome
{
    public static Outcome<T> Done<T>(T value) => new(value, []);

    /// <summary>Refused; <paramref name="value"/> is what stands unchanged (e.g. the batch as it was), if anything.</summary>
    public static Outcome<T> Refused<T>(Problems problems, T? value = default) => new(value, problems);

    public static Outcome<T> Refused<T>(Problem problem, T? value = default) => new(value, [problem]);
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CareOps.Testing;

/// <summary>
/// A local stand-in for api.stripe.com that checks requests as the real API does — Bearer secret key,
/// form-encoded bodies, an Idempotency-Key on every POST (same key + same body replays the first answer,
/// same key + other body is an idempotency_error) — and answers with Stripe-shaped JSON objects.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_careops_fake";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, (string Body, int Status, string Response)> idempotency = new();
    private readonly ConcurrentDictionary<string, JsonObject> invoices = new();
    private int sequence;

    /// <summary>Fail this many POSTs with a 500 before answering (to exercise retries).</summary>
    public int FailNextPosts { get; set; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int CustomersCreated { get; private set; }

    public int InvoicesCreated { get; private set; }

    public string BaseAddress { get; }

    private FakeStripe(WebApplication app, string baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeStripe? fake = null;
        app.Run(async context => await fake!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeStripe(app, address);
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var key = request.Headers["Idempotency-Key"].ToString();
        Requests.Enqueue(new RecordedRequest(request.Method, request.Path, request.ContentType ?? "", request.Headers.Authorization.ToString(), key, body));

        if (request.Headers.Authorization != $"Bearer {SecretKey}")
        {
            await Error(context, 401, "invalid_request_error", "Invalid API Key provided.");
            return;
        }

        if (request.Method == "POST")
        {
            if (!(request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
            {
                await Error(context, 400, "invalid_request_error", "Expected a form-encoded body.");
                return;
            }

            if (string.IsNullOrEmpty(key))
            {
                await Error(context, 400, "invalid_request_error", "CareOps requires an Idempotency-Key on every POST.");
                return;
            }

            if (idempotency.TryGetValue(key, out var earlier))
            {
                if (earlier.Body != body)
                {
                    await Error(context, 400, "idempotency_error", "Keys for idempotent requests can only be used with the same parameters they were first used with.");
                    return;
                }

                context.Response.Headers["Idempotent-Replayed"] = "true";
                await Write(context, earlier.Status, earlier.Response);
                return;
            }

            if (FailNextPosts > 0)
            {
                FailNextPosts--;
                await Error(context, 500, "api_error", "Something went wrong on Stripe's end.");
                return;
            }
        }

        var form = Form(body);
        var (status, response) = Route(request.Method, request.Path.Value ?? "", form);
        if (request.Method == "POST" && status < 500)
        {
            idempotency[key] = (body, status, response);
        }

        await Write(context, status, response);
    }

    private (int, string) Route(string method, string path, Dictionary<string, string> form)
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        switch (method, path)
        {
            case ("POST", "/v1/customers"):
                CustomersCreated++;
                return (200, new JsonObject
                {
                    ["id"] = $"cus_{Next()}",
                    ["object"] = "customer",
                    ["created"] = created,
                    ["livemode"] = false,
                    ["name"] = form.GetValueOrDefault("name"),
                    ["email"] = form.GetValueOrDefault("email"),
                    ["metadata"] = Metadata(form),
                }.ToJsonString());
            case ("POST", "/v1/invoices"):
                InvoicesCreated++;
                var invoice = new JsonObject
                {
                    ["id"] = $"in_{Next()}",
                    ["object"] = "invoice",
                    ["created"] = created,
                    ["livemode"] = false,
                    ["status"] = "draft",
                    ["customer"] = form.GetValueOrDefault("customer"),
                    ["currency"] = form.GetValueOrDefault("currency"),
                    ["collection_method"] = form.GetValueOrDefault("collection_method"),
                    ["amount_due"] = 0L,
                    ["amount_paid"] = 0L,
                    ["hosted_invoice_url"] = null,
                    ["metadata"] = Metadata(form),
                };
                invoices[(string)invoice["id"]!] = invoice;
                return (200, invoice.ToJsonString());
            case ("POST", "/v1/invoiceitems"):
                if (!form.TryGetValue("invoice", out var invoiceId) || !invoices.TryGetValue(invoiceId, out var target))
                {
                    return (404, ErrorJson("invalid_request_error", "No such invoice."));
                }

                var amount = long.Parse(form["amount"], System.Globalization.CultureInfo.InvariantCulture);
                target["amount_due"] = (long)target["amount_due"]! + amount;
                return (200, new JsonObject
                {
                    ["id"] = $"ii_{Next()}",
                    ["object"] = "invoiceitem",
                    ["amount"] = amount,
                    ["currency"] = form["currency"],
                    ["customer"] = form["customer"],
                    ["invoice"] = invoiceId,
                    ["description"] = form.GetValueOrDefault("description"),
                }.ToJsonString());
            case ("POST", var p) when p.StartsWith("/v1/invoices/", StringComparison.Ordinal) && p.EndsWith("/finalize", StringComparison.Ordinal):
                var id = p["/v1/invoices/".Length..^"/finalize".Length];
                if (!invoices.TryGetValue(id, out var toFinalize))
                {
                    return (404, ErrorJson("invalid_request_error", $"No such invoice: '{id}'"));
                }

                toFinalize["status"] = "open";
                toFinalize["hosted_invoice_url"] = $"https://invoice.stripe.com/i/acct_fake/{id}";
                return (200, toFinalize.ToJsonString());
            default:
                return (404, ErrorJson("invalid_request_error", $"Unrecognized request URL ({method}: {path})."));
        }
    }

    private string Next() => Interlocked.Increment(ref sequence).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Form(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");

    private static JsonObject Metadata(Dictionary<string, string> form)
    {
        var metadata = new JsonObject();
        foreach (var (k, v) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[k["metadata[".Length..^1]] = v;
        }

        return metadata;
    }

    private static string ErrorJson(string type, string message) => JsonSerializer.Serialize(new { error = new { type, message } });

    private static Task Error(HttpContext context, int status, string type, string message) => Write(context, status, ErrorJson(type, message));

    private static async Task Write(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Request-Id"] = $"req_{Guid.NewGuid():N}";
        await context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

public sealed record RecordedRequest(string Method, string Path, string ContentType, string Authorization, string IdempotencyKey, string Body);

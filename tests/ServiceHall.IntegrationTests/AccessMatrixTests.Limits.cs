using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// What the protos promise holds (issue 14, bounds): every limit a request field's comment documents — "at most N",
/// "1-N characters", and 64 for every id — is fed to its RPC on the real service plus one, and must be refused with
/// INVALID_ARGUMENT naming the field; at the limit itself the field must not be what is refused. The requests are the
/// access probes' (valid for an allowed caller) with one field changed.
/// </summary>
public sealed partial class AccessMatrixTests
{
    private static readonly (string Service, ServiceDescriptor Descriptor)[] Services =
    [
        ("attendance", ServiceHall.Attendance.V1.AttendanceService.Descriptor),
        ("cases", ServiceHall.Cases.V1.CasesService.Descriptor),
        ("complaints", ServiceHall.Complaints.V1.ComplaintsService.Descriptor),
        ("discipline", ServiceHall.Discipline.V1.DisciplineService.Descriptor),
        ("audit", ServiceHall.Audit.V1.AuditService.Descriptor),
    ];

    /// <summary>Per message, per field: the limit its comment in the .proto documents.</summary>
    private static readonly Lazy<Dictionary<string, Dictionary<string, int>>> Documented = new(ReadProtos);

    /// <summary>Callers tried first: hall-wide ones, so only the field can be what is refused.</summary>
    private static readonly string[] Preferred =
        [Roles.Office, Roles.BureauLeader, Roles.DisciplineOffice, Roles.System, Roles.Kiosk, Roles.Display, Roles.Platform,
         Roles.Staff, Roles.DutyLeader, Roles.UnitHead, Roles.BadgeReader];

    public static TheoryData<string> UnaryKeys =>
    [
        .. AccessMatrix.Rpcs.Where(r => Services.Single(s => s.Service == r.Service).Descriptor.FindMethodByName(r.Method) is
            { IsServerStreaming: false }).Select(r => r.Key),
    ];

    [Theory]
    [MemberData(nameof(UnaryKeys))]
    public async Task Every_documented_limit_plus_one_is_refused_naming_the_field(string key)
    {
        var rpc = AccessMatrix.Rpcs.Single(r => r.Key == key);
        var method = Services.Single(s => s.Service == rpc.Service).Descriptor.FindMethodByName(rpc.Method);
        var request = await CaptureAsync(key);
        var limits = Documented.Value.GetValueOrDefault(method.InputType.Name) ?? [];
        var role = Preferred.First(rpc.Allowed.ContainsKey);
        var wrong = new List<string>();
        foreach (var (field, limit) in limits)
        {
            var descriptor = method.InputType.FindFieldByName(field);
            var over = await SendAsync(method, rpc.Service, With(request, descriptor, limit + 1), hall.Callers[role]);
            if (over is not { StatusCode: StatusCode.InvalidArgument } || !Names(over, field))
                wrong.Add($"{field} at {limit} + 1: {Describe(over)}, expected InvalidArgument naming {field}");
            // At the limit the field must pass — unless its format is narrower than its length (a UUID) or another
            // field decides whether it may be set at all.
            if (IsUuid(request, descriptor) || AtLimitDependsOnAnotherField.Contains((key, field)))
                continue;
            var at = await SendAsync(method, rpc.Service, With(request, descriptor, limit), hall.Callers[role]);
            if (at is { StatusCode: StatusCode.InvalidArgument } && Names(at, field))
                wrong.Add($"{field} at its limit {limit}: {Describe(at)}");
        }

        Assert.True(wrong.Count == 0, $"{key} (as {role}; limits {string.Join(", ", limits.Select(l => $"{l.Key} {l.Value}"))}):\n" +
                                      string.Join("\n", wrong));
    }

    [Fact]
    public void The_protos_document_the_limits_this_test_feeds()
    {
        // The parser finds what the comments say: a misspelt comment would silently test nothing.
        var limits = Documented.Value;
        Assert.Equal(64, limits["CreateWindowRequest"]["window_id"]);
        Assert.Equal(200, limits["CreateWindowRequest"]["name"]);
        Assert.Equal(500, limits["RejectLeaveRequest"]["reason"]);
        Assert.Equal(50, limits["RegisterClientRequest"]["window_ids"]);
        Assert.Equal(200, limits["ListClientsRequest"]["page_size"]);
        Assert.True(limits.Values.Sum(l => l.Count) >= 150, $"only {limits.Values.Sum(l => l.Count)} limits found");
    }

    /// <summary>
    /// Fields another decides whether a request may fill: RegisterClient's windows (badge readers) and units (platforms),
    /// PublishServiceItem's reason for a limit beyond one week (only when committed_days is more than 5).
    /// </summary>
    private static readonly HashSet<(string Key, string Field)> AtLimitDependsOnAnotherField =
    [
        ("attendance/RegisterClient", "window_ids"), ("attendance/RegisterClient", "unit_ids"),
        ("cases/PublishServiceItem", "beyond_one_week_reason"),
    ];

    /// <summary>An id the service gives out as a UUID (sanctions, facts, proposals, rectification items).</summary>
    private static bool IsUuid(IMessage request, FieldDescriptor field) =>
        field.FieldType == FieldType.String && !field.IsRepeated &&
        Guid.TryParseExact((string)field.Accessor.GetValue(request), "N", out _) &&
        field.Name is "sanction_id" or "fact_id" or "proposal_id" || (field.Name == "item_id" && field.ContainingType.Name == "CloseRectificationItemRequest");

    private static bool Names(RpcException e, string field) =>
        Regex.IsMatch(e.Status.Detail, $@"(^|[\s;:]){Regex.Escape(field)}:");

    private static string Describe(RpcException? e) => e is null ? "OK" : $"{e.StatusCode} ({e.Status.Detail})";

    /// <summary>The request the access probe of <paramref name="key"/> sends, recorded instead of sent.</summary>
    private async Task<IMessage> CaptureAsync(string key)
    {
        var capture = new CapturingInvoker();
        _capture = capture;
        try
        {
            await AccessFixture.CodeOf(() => Probe(key)(new Metadata()));
        }
        finally
        {
            _capture = null;
        }

        return capture.Request ?? throw new InvalidOperationException($"The probe of {key} sent nothing.");
    }

    private static IMessage With(IMessage request, FieldDescriptor field, int size)
    {
        var copy = request.Descriptor.Parser.ParseFrom(request.ToByteString());
        var id = field.Name.EndsWith("_id", StringComparison.Ordinal) || field.Name.EndsWith("_ids", StringComparison.Ordinal);
        if (field.IsRepeated)
        {
            var list = (System.Collections.IList)field.Accessor.GetValue(copy);
            list.Clear();
            for (var i = 0; i < size; i++)
                list.Add($"e{i}-{Guid.NewGuid().ToString("N")[..6]}");
        }
        else if (field.FieldType == FieldType.String)
        {
            field.Accessor.SetValue(copy, new string(id ? 'a' : '字', size));
        }
        else
        {
            field.Accessor.SetValue(copy, size);
        }

        return copy;
    }

    private async Task<RpcException?> SendAsync(MethodDescriptor method, string service, IMessage request, Metadata caller)
    {
        var channel = service switch
        {
            "attendance" => hall.Attendance.Channel,
            "cases" => hall.Cases.Channel,
            "complaints" => hall.Complaints.Channel,
            "audit" => hall.Attendance.Channel,
            _ => hall.Discipline.Channel,
        };
        var call = new Method<IMessage, IMessage>(MethodType.Unary, method.Service.FullName, method.Name,
            Marshallers.Create<IMessage>(m => m.ToByteArray(), b => method.InputType.Parser.ParseFrom(b)),
            Marshallers.Create<IMessage>(m => m.ToByteArray(), b => method.OutputType.Parser.ParseFrom(b)));
        try
        {
            await channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(caller), request);
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    /// <summary>Request fields with a documented limit, read from the comments of protos/servicehall/**/*.proto.</summary>
    private static Dictionary<string, Dictionary<string, int>> ReadProtos()
    {
        var result = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "protos", "servicehall"), "*.proto", SearchOption.AllDirectories))
        {
            string? message = null;
            var comment = new List<string>();
            foreach (var raw in File.ReadLines(file))
            {
                var line = raw.Trim();
                if (Regex.Match(line, @"^message (\w+Request) \{") is { Success: true } m)
                {
                    (message, comment) = (m.Groups[1].Value, []);
                    result[message] = new(StringComparer.Ordinal);
                    continue;
                }
                if (message is null)
                    continue;
                if (line == "}")
                {
                    message = null;
                    continue;
                }
                if (line.StartsWith("//", StringComparison.Ordinal))
                {
                    comment.Add(line[2..]);
                    continue;
                }
                if (Regex.Match(line, @"^(repeated )?([\w.]+) (\w+) = \d+;") is { Success: true } f)
                {
                    var text = string.Join(" ", comment);
                    comment = [];
                    var (repeated, type, name) = (f.Groups[1].Success, f.Groups[2].Value, f.Groups[3].Value);
                    int? limit = null;
                    if (type == "string" && !repeated)
                    {
                        limit = Regex.Match(text, @"(\d+)\s*[-–]\s*(\d+) characters") is { Success: true } range
                            ? int.Parse(range.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)
                            : AtMost(text) ?? (name.EndsWith("_id", StringComparison.Ordinal) ? 64 : null);
                    }
                    else if ((type == "string" && repeated) || (type == "int32" && !repeated))
                    {
                        limit = AtMost(text);
                    }
                    if (limit is { } n)
                        result[message][name] = n;
                }
                else
                {
                    comment = [];
                }
            }
        }

        return result;
    }

    private static int? AtMost(string comment) =>
        Regex.Match(comment, @"at most (\d+)\b(?! (days|minutes|hours|once))", RegexOptions.IgnoreCase) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>Records the first unary request sent through it and answers CANCELLED.</summary>
    private sealed class CapturingInvoker : CallInvoker
    {
        public IMessage? Request { get; private set; }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method,
            string? host, CallOptions options, TRequest request)
        {
            Request ??= (IMessage)request;
            var failed = Task.FromException<TResponse>(new RpcException(new Status(StatusCode.Cancelled, "captured")));
            return new AsyncUnaryCall<TResponse>(failed, Task.FromResult(new Metadata()), () => Status.DefaultCancelled,
                () => [], () => { });
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host,
            CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }
}

using System.Reflection;
using NetArchTest.Rules;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.Architecture.Tests;

/// <summary>
/// The layout's rules, checked on the compiled assemblies: what the domain and the application layer may use, that
/// services stand apart and shared code serves them all. Each rule also has a control — the same check on code that
/// does use the forbidden thing — so a rule that checked nothing would fail too.
/// </summary>
public sealed class HouseRulesTests
{
    private static readonly Assembly Attendance = typeof(ServiceHall.Attendance.Data.AttendanceDbContext).Assembly;
    private static readonly Assembly Cases = typeof(ServiceHall.Cases.Data.CasesDbContext).Assembly;
    private static readonly Assembly Complaints = typeof(ServiceHall.Complaints.Data.ComplaintsDbContext).Assembly;
    private static readonly Assembly Discipline = typeof(ServiceHall.Discipline.Data.DisciplineDbContext).Assembly;

    private static readonly Assembly[] Shared =
    [
        typeof(ServiceHall.ServiceDefaults.Data.ServiceDbContext).Assembly,
        typeof(ServiceHall.Contracts.IIntegrationEvent).Assembly,
        typeof(ServiceHall.Calendar.WorkCalendar).Assembly,
    ];

    public static TheoryData<string> Services => ["Attendance", "Cases", "Complaints", "Discipline"];

    private static Assembly ServiceAssembly(string service) => service switch
    {
        "Attendance" => Attendance,
        "Cases" => Cases,
        "Complaints" => Complaints,
        "Discipline" => Discipline,
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    /// <summary>Transport and storage: what neither the domain nor the application layer speaks.</summary>
    private static readonly string[] Transport =
        ["Grpc.Core", "Grpc.AspNetCore", "Google.Protobuf", "Google.Rpc", "ServiceHall.ServiceDefaults.Grpc"];

    [Theory]
    [MemberData(nameof(Services))]
    public void The_domain_uses_no_EF_Core_gRPC_or_MassTransit_types(string service)
    {
        var result = Types.InAssembly(ServiceAssembly(service))
            .That().ResideInNamespace($"ServiceHall.{service}.Domain")
            .ShouldNot().HaveDependencyOnAny(
            [
                .. Transport, "Microsoft.EntityFrameworkCore", "MassTransit", "StackExchange.Redis",
                "Microsoft.AspNetCore", $"ServiceHall.{service}.V1", "ServiceHall.ServiceDefaults.Data",
            ])
            .GetResult();
        Assert.True(result.IsSuccessful, Failing(result));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void The_application_layer_uses_no_gRPC_types(string service)
    {
        var result = Types.InAssembly(ServiceAssembly(service))
            .That().ResideInNamespace($"ServiceHall.{service}.Application")
            .ShouldNot().HaveDependencyOnAny([.. Transport, $"ServiceHall.{service}.V1"])
            .GetResult();
        Assert.True(result.IsSuccessful, Failing(result));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Control_the_grpc_layer_does_use_gRPC_so_the_check_can_fail(string service)
    {
        var result = Types.InAssembly(ServiceAssembly(service))
            .That().ResideInNamespace($"ServiceHall.{service}.Grpc")
            .ShouldNot().HaveDependencyOnAny(Transport)
            .GetResult();
        Assert.False(result.IsSuccessful);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_references_no_other_service(string service)
    {
        var others = Services.Select(row => (string)row.Data).Where(s => s != service).ToList();
        var result = Types.InAssembly(ServiceAssembly(service))
            .ShouldNot().HaveDependencyOnAny([.. others.Select(s => $"ServiceHall.{s}")])
            .GetResult();
        Assert.True(result.IsSuccessful, Failing(result));
        var referenced = ServiceAssembly(service).GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain(referenced, name => others.Any(o => name == $"ServiceHall.{o}"));
    }

    [Fact]
    public void Shared_code_references_no_service()
    {
        var services = Services.Select(row => $"ServiceHall.{(string)row.Data}").ToArray();
        foreach (var assembly in Shared)
        {
            var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(services).GetResult();
            Assert.True(result.IsSuccessful, assembly.GetName().Name + ": " + Failing(result));
        }
        // Control: the attendance host's own code does depend on the attendance service.
        Assert.False(Types.InAssembly(Attendance).ShouldNot().HaveDependencyOn("ServiceHall.Attendance.Domain")
            .GetResult().IsSuccessful);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_inbox_consumer_has_a_stable_key_of_its_own(string service)
    {
        var consumers = ServiceAssembly(service).GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && DerivesFromIdempotentConsumer(t))
            .ToList();
        var keys = consumers.Select(t => (Type: t, Key: t.GetCustomAttribute<InboxKeyAttribute>()?.Key)).ToList();
        Assert.All(keys, k => Assert.False(string.IsNullOrWhiteSpace(k.Key), $"{k.Type.Name} has no [InboxKey]"));
        var repeated = keys.GroupBy(k => k.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(repeated);
        Assert.NotEmpty(consumers);
    }

    [Fact]
    public void A_consumer_without_a_key_is_refused_at_its_first_event()
    {
        var error = Assert.Throws<InvalidOperationException>(() => InboxKeyAttribute.Of(typeof(HouseRulesTests)));
        Assert.Contains("[InboxKey]", error.Message, StringComparison.Ordinal);
        Assert.Equal("StaffLateConsumer", InboxKeyAttribute.Of(typeof(ServiceHall.Discipline.Events.StaffLateConsumer)));
    }

    private static bool DerivesFromIdempotentConsumer(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IdempotentConsumer<,>))
                return true;
        }
        return false;
    }

    private static string Failing(NetArchTest.Rules.TestResult result) =>
        "violated by: " + string.Join(", ", result.FailingTypeNames ?? []);
}

using System.Reflection;
using Microsoft.AspNetCore.Authorization;

namespace ServiceHall.Architecture.Tests;

/// <summary>Every RPC says which roles may call it: none falls back to "any authenticated caller".</summary>
public sealed class AccessRulesTests
{
    public static TheoryData<string> GrpcServices =>
    [
        typeof(ServiceHall.Attendance.Grpc.AttendanceGrpcService).AssemblyQualifiedName!,
        typeof(ServiceHall.Cases.Grpc.CasesGrpcService).AssemblyQualifiedName!,
        typeof(ServiceHall.Complaints.Grpc.ComplaintsGrpcService).AssemblyQualifiedName!,
        typeof(ServiceHall.Discipline.Grpc.DisciplineGrpcService).AssemblyQualifiedName!,
    ];

    [Theory]
    [MemberData(nameof(GrpcServices))]
    public void Every_rpc_names_the_roles_it_allows(string serviceType)
    {
        var type = Type.GetType(serviceType, throwOnError: true)!;
        var rpcs = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetBaseDefinition().DeclaringType != m.DeclaringType &&
                        m.GetBaseDefinition().DeclaringType!.Name.EndsWith("Base", StringComparison.Ordinal))
            .ToList();
        Assert.True(rpcs.Count >= 10, $"{type.Name}: only {rpcs.Count} RPCs found");
        var unnamed = rpcs.Where(m => m.GetCustomAttributes<AuthorizeAttribute>()
                .All(a => string.IsNullOrWhiteSpace(a.Roles)))
            .Select(m => m.Name).ToList();
        Assert.Empty(unnamed);
    }
}

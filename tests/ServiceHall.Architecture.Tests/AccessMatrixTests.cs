using System.Reflection;
using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Testing;

namespace ServiceHall.Architecture.Tests;

/// <summary>
/// The access matrix (<see cref="AccessMatrix"/>) is the single source of who may call what: every RPC of the protos
/// is in it, with exactly the roles its <c>[Authorize]</c> attribute names, and the README says the same — its
/// generated matrix section and the role column of every per-service table. Run with
/// <c>SERVICEHALL_WRITE_README=1</c> to rewrite the README from the matrix.
/// </summary>
public sealed partial class AccessMatrixTests
{
    private static readonly (string Service, Type Grpc, ServiceDescriptor Proto)[] Services =
    [
        ("attendance", typeof(ServiceHall.Attendance.Grpc.AttendanceGrpcService), ServiceHall.Attendance.V1.AttendanceService.Descriptor),
        ("cases", typeof(ServiceHall.Cases.Grpc.CasesGrpcService), ServiceHall.Cases.V1.CasesService.Descriptor),
        ("complaints", typeof(ServiceHall.Complaints.Grpc.ComplaintsGrpcService), ServiceHall.Complaints.V1.ComplaintsService.Descriptor),
        ("discipline", typeof(ServiceHall.Discipline.Grpc.DisciplineGrpcService), ServiceHall.Discipline.V1.DisciplineService.Descriptor),
        ("audit", typeof(ServiceHall.ServiceDefaults.Audit.AuditGrpcService), ServiceHall.Audit.V1.AuditService.Descriptor),
    ];

    private const string Begin = "<!-- access-matrix:begin (generated from tests/ServiceHall.Testing/AccessMatrix.cs) -->";
    private const string End = "<!-- access-matrix:end -->";

    [Fact]
    public void Every_rpc_of_the_protos_is_in_the_matrix_and_nothing_else()
    {
        var proto = Services.SelectMany(s => s.Proto.Methods.Select(m => $"{s.Service}/{m.Name}")).Order().ToList();
        var matrix = AccessMatrix.Rpcs.Select(r => r.Key).Order().ToList();
        Assert.Equal(proto.Count, proto.Distinct().Count());
        Assert.Equal(matrix.Count, matrix.Distinct().Count());
        Assert.Equal(proto.Except(matrix), []);
        Assert.Equal(matrix.Except(proto), []);
    }

    [Fact]
    public void Every_rpc_allows_exactly_the_roles_the_matrix_names()
    {
        var wrong = new List<string>();
        foreach (var (service, grpc, proto) in Services)
        {
            foreach (var method in proto.Methods)
            {
                var implementation = grpc.GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
                if (implementation is null)
                {
                    wrong.Add($"{service}/{method.Name}: not implemented (UNIMPLEMENTED for everyone)");
                    continue;
                }

                var roles = implementation.GetCustomAttributes<AuthorizeAttribute>()
                    .SelectMany(a => (a.Roles ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    .ToHashSet(StringComparer.Ordinal);
                var matrix = AccessMatrix.Of(service, method.Name).Allowed.Keys.ToHashSet(StringComparer.Ordinal);
                if (!roles.SetEquals(matrix))
                {
                    wrong.Add($"{service}/{method.Name}: [Authorize] {string.Join(",", roles.Order())} " +
                              $"but the matrix {string.Join(",", matrix.Order())}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void The_readme_says_what_the_matrix_says()
    {
        var path = Path.Combine(RepositoryPaths.Root, "README.md");
        var readme = File.ReadAllText(path);
        var expected = Rewrite(readme, out var problems);
        if (Environment.GetEnvironmentVariable("SERVICEHALL_WRITE_README") == "1")
        {
            File.WriteAllText(path, expected);
            return;
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var differences = readme.Split('\n').Zip(expected.Split('\n'), (a, b) => (a, b)).Where(p => p.a != p.b)
            .Select(p => $"README:  {p.a}\nmatrix:  {p.b}").Take(10).ToList();
        Assert.True(differences.Count == 0,
            "The README's access tables differ from AccessMatrix (SERVICEHALL_WRITE_README=1 rewrites them):\n" +
            string.Join("\n", differences));
    }

    /// <summary>
    /// The README as the matrix would have it: the generated section replaced, and in every table row whose first cell
    /// names RPCs only (<c>`A` / `B`</c>: each its own roles, once when all are the same; <c>`A`, `B`</c>: the same roles), the second cell.
    /// </summary>
    private static string Rewrite(string readme, out List<string> problems)
    {
        problems = [];
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            problems.Add($"The README has no section between '{Begin}' and '{End}'.");
            return readme;
        }

        readme = string.Concat(readme.AsSpan(0, begin + Begin.Length), "\n", AccessMatrix.Markdown(), readme.AsSpan(end));
        var byName = AccessMatrix.Rpcs.GroupBy(r => r.Method).ToDictionary(g => g.Key, g => g.ToList());
        var described = new HashSet<string>();
        var lines = readme.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = lines[i].Split(" | ");
            if (!lines[i].StartsWith("| `", StringComparison.Ordinal) || cells.Length < 3 ||
                lines[i].StartsWith("| service |", StringComparison.Ordinal))
            {
                continue;
            }

            var first = cells[0][2..];
            var names = RpcName().Matches(first).Select(m => m.Groups[1].Value).ToList();
            if (names.Count == 0 || !names.All(byName.ContainsKey) || RpcName().Replace(first, "").Trim(' ', '/', ',').Length > 0)
                continue;
            var accesses = names.Select(n => byName[n] is [var only] ? only : null).ToList();
            if (accesses.Any(a => a is null))
            {
                problems.Add($"README line {i + 1}: {first} names an RPC of more than one service.");
                continue;
            }

            string cell;
            var described1 = accesses.Select(a => AccessMatrix.Describe(a!)).ToList();
            if (first.Contains(" / ", StringComparison.Ordinal) && described1.Distinct().Count() > 1)
            {
                cell = string.Join(" / ", described1);
            }
            else
            {
                var each = accesses.Select(a => AccessMatrix.Describe(a!)).Distinct().ToList();
                if (each.Count > 1)
                    problems.Add($"README line {i + 1}: {first} share one role cell but differ: {string.Join(" | ", each)}");
                cell = each[0];
            }

            cells[1] = cell;
            lines[i] = string.Join(" | ", cells);
            described.UnionWith(accesses.Select(a => a!.Key));
        }

        var missing = AccessMatrix.Rpcs.Where(r => !described.Contains(r.Key)).Select(r => r.Key).ToList();
        if (missing.Count > 0)
            problems.Add("No README table describes: " + string.Join(", ", missing));
        return string.Join('\n', lines);
    }

    [GeneratedRegex("`([A-Z][A-Za-z]+)`")]
    private static partial Regex RpcName();
}

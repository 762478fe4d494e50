namespace ServiceHall.Testing;

/// <summary>Where things are in the repository, found from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string InfraScript => Path.Combine(Root, "deploy", "scripts", "infra.sh");

    /// <summary>The build output of a host project, e.g. <c>services/attendance/ServiceHall.Attendance.Host</c>.</summary>
    public static string HostDll(string projectFolder)
    {
        var name = Path.GetFileNameWithoutExtension(
            Directory.GetFiles(Path.Combine(Root, projectFolder), "*.csproj").Single());
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(Root, projectFolder, "bin", configuration, "net10.0", name + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: build the solution before running the tests.");
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServiceHall.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root (ServiceHall.slnx) not found.");
    }
}

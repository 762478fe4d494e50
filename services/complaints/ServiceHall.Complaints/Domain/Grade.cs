namespace ServiceHall.Complaints.Domain;

/// <summary>The five grades of 好差评 (GB/T 39734); the last two are bad reviews.</summary>
public enum Grade
{
    VerySatisfied = 1,
    Satisfied = 2,
    BasicallySatisfied = 3,
    Dissatisfied = 4,
    VeryDissatisfied = 5,
}

public static class Grades
{
    public static bool IsBad(this Grade grade) => grade is Grade.Dissatisfied or Grade.VeryDissatisfied;
}

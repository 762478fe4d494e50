using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Text.Json;

namespace ServiceHall.Cases.Data.Configurations;

internal sealed class ServiceItemVersionConfiguration : IEntityTypeConfiguration<ServiceItemVersion>
{
    public void Configure(EntityTypeBuilder<ServiceItemVersion> e)
    {
        e.ToTable("service_item_versions");
        e.HasKey(i => new { i.ItemId, i.Version });
        e.Property(i => i.ItemId).HasMaxLength(64);
        e.Property(i => i.Name).HasMaxLength(200);
        e.Property(i => i.ApprovingUnitId).HasMaxLength(64);
        e.Property(i => i.PublishedBy).HasMaxLength(128);
        e.Property(i => i.BeyondOneWeekReason).HasMaxLength(500);
        e.Ignore(i => i.BeyondOneWeek);
        e.Property(i => i.ParallelUnitIds).HasJsonListConversion();
        e.Property(i => i.ProcedureSteps).HasJsonListConversion();
        e.Property(i => i.Materials).HasJsonListConversion();
    }
}

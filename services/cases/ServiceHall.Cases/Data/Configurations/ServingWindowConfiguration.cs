using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Text.Json;

namespace ServiceHall.Cases.Data.Configurations;

internal sealed class ServingWindowConfiguration : IEntityTypeConfiguration<ServingWindow>
{
    public void Configure(EntityTypeBuilder<ServingWindow> e)
    {
        e.ToTable("window_desks");
        e.HasKey(w => w.WindowId);
        e.Property(w => w.WindowId).HasMaxLength(64);
        e.Property(w => w.UnitId).HasMaxLength(64);
        e.Property(w => w.PausedReason).HasMaxLength(200);
        e.Property(w => w.ItemIds).HasJsonListConversion();
    }
}

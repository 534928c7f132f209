-- docs/breakdown.md's invariant: for every score row, the contributions of the breakdown rows of
-- the same customer, period and run add up to its raw_score exactly (a customer scored 0 without
-- events has no breakdown rows). Periods without any breakdown row, scored before breakdown.path
-- was set, are left out. Fails with each score row that does not add up.
select s.customer_id, s.period_kind, s.period_start, s.raw_score, b.total
from {{ source('engagement', 'scores') }} s
left join (
    select customer_id, period_kind, period_start, run_id, sum(contribution) as total
    from {{ source('engagement', 'breakdown') }}
    group by customer_id, period_kind, period_start, run_id
) b
    on s.customer_id = b.customer_id and s.period_kind = b.period_kind
    and s.period_start = b.period_start and s.run_id = b.run_id
where s.raw_score <> coalesce(b.total, 0)
    and exists (
        select 1
        from {{ source('engagement', 'breakdown') }} p
        where p.period_kind = s.period_kind and p.period_start = s.period_start
    )

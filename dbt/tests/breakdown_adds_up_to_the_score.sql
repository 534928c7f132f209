-- docs/breakdown.md's invariant: for every score row, the contributions of the breakdown rows of
-- the same customer, period and run add up to its raw_score exactly (a customer scored 0 without
-- events has no breakdown rows). Fails with each row where they do not.
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

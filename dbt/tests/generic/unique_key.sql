{#- Fails with one row per value of `columns` (a list of column names) held by more than one row:
    dbt's built-in `unique` takes one column, a table's key may have several. -#}
{% test unique_key(model, columns) %}
select {{ columns | join(", ") }}, count(*) as row_count
from {{ model }}
group by {{ columns | join(", ") }}
having count(*) > 1
{% endtest %}

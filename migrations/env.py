from alembic import context

from projections.database import make_engine
from projections.tables import metadata
import projections.public_tables  # noqa: F401  (their tables join the metadata)
import projections.job_tables  # noqa: F401
import projections.reminder_tables  # noqa: F401

config = context.config


def run_migrations_online() -> None:
    schema = config.attributes.get("schema")
    engine = make_engine(config.get_main_option("sqlalchemy.url"), schema)
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        context.run_migrations()
    engine.dispose()


run_migrations_online()

"""`shuangsui scheduler` (the one process that queues job requests and periodic work when
Redis is configured) and `shuangsui jobs …` (list, watch, retry)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


def system():
    return current_app.extensions["shuangsui"]


@click.command("scheduler")
@with_appcontext
def scheduler() -> None:
    """定时与派发进程（配置 REDIS_URL 时使用，只运行一个）：把任务请求和定时任务放入队列。"""
    from workers.jobs import context
    from workers.jobs.backends import RQBackend
    from workers.jobs.dispatch import Dispatcher
    from workers.jobs.schedule import Scheduler, redis_lock, rq_runner

    s = system()
    if not s.settings.redis_url:
        raise click.ClickException("未配置 REDIS_URL：内置默认模式下定时任务在网页进程内运行，不需要单独的进程")
    context.use(s)
    backend = RQBackend(s.settings.redis_url)
    loop = Scheduler(rq_runner(backend.queue), Dispatcher(s, backend), lock=redis_lock(backend.connection))
    click.echo(f"定时与派发进程已启动：队列 {backend.queue.name}；间隔（秒）{loop.every}")
    loop.run_forever()


@click.group("jobs")
def jobs_group() -> None:
    """后台任务：列表、查看进度、重试。"""

import { ServerRunner, buildServerCommand, findBackgroundedServer, isNonExecShellForm, shellScript, workerCount } from '../../lib';

const BASE = { runner: ServerRunner.UVICORN, app: 'service.main:app', port: 8080, workers: 1, proxyHeaders: false, forwardedAllowIps: '*', extraArgs: [] };

test('uvicorn in exec form', () => {
  expect(buildServerCommand(BASE)).toEqual(['uvicorn', 'service.main:app', '--host', '0.0.0.0', '--port', '8080']);
  expect(buildServerCommand({ ...BASE, workers: 2, proxyHeaders: true, extraArgs: ['--root-path', '/api'] }))
    .toEqual(['uvicorn', 'service.main:app', '--host', '0.0.0.0', '--port', '8080', '--workers', '2', '--proxy-headers', '--forwarded-allow-ips', '*', '--root-path', '/api']);
});

test('fastapi run turns proxy headers off explicitly, since it trusts them by default', () => {
  expect(buildServerCommand({ ...BASE, runner: ServerRunner.FASTAPI, app: 'main.py' }))
    .toEqual(['fastapi', 'run', 'main.py', '--host', '0.0.0.0', '--port', '8080', '--no-proxy-headers']);
});

describe('findBackgroundedServer (seed 003)', () => {
  test.each([
    [['sh', '-c', 'nohup uvicorn main:app &'], 'nohup uvicorn main:app &'],
    [['bash', '-c', 'uvicorn main:app & /my-app/my-tools/start'], 'uvicorn main:app &'],
    [['/bin/sh', '-c', 'nohup node /my-app/server.js &\n/my-app/my-tools/start\n'], 'nohup node /my-app/server.js &'],
    [['sh', '-c', 'nohup node /my-app/server.js &\nif [ -z "${PRODUCTION_ENV}" ]; then\n  echo dev\n  exit\nfi\n/my-app/my-tools/start'], 'nohup node /my-app/server.js &'],
    [['sh', '-c', 'migrate; /start-daemons &'], '/start-daemons &'],
    [['nohup', 'uvicorn', 'main:app'], 'nohup uvicorn main:app'],
    [['sh', '-c', 'nohup uvicorn main:app > /tmp/log 2>&1; sleep 1'], 'nohup uvicorn main:app > /tmp/log 2>&1'],
  ])('%j', (command, fragment) => {
    const problem = findBackgroundedServer(command);
    expect(problem?.fragment).toBe(fragment);
    expect(problem?.reason).toMatch(/background|nohup/);
  });

  test.each([
    [['uvicorn', 'main:app', '--host', '0.0.0.0']],
    [['sh', '-c', 'nohup /my-app/my-tools/start &\nnode /my-app/server.js']],
    [['sh', '-c', 'alembic upgrade head && exec uvicorn main:app 2>&1']],
    [['sh', '-c', 'echo "a & b"; exec uvicorn main:app']],
    [['sh', '-c', 'exec uvicorn main:app &> /dev/stdout']],
  ])('accepts %j', (command) => {
    expect(findBackgroundedServer(command)).toBeUndefined();
  });
});

test('non-exec shell form', () => {
  expect(isNonExecShellForm(['sh', '-c', 'migrate && uvicorn main:app'])).toBe(true);
  expect(isNonExecShellForm(['sh', '-c', 'migrate && exec uvicorn main:app'])).toBe(false);
  expect(isNonExecShellForm(['uvicorn', 'main:app'])).toBe(false);
});

test('shell scripts and worker counts', () => {
  expect(shellScript(['bash', '-lc', 'x'])).toBe('x');
  expect(shellScript(['python', '-c', 'x'])).toBeUndefined();
  expect(workerCount(['uvicorn', 'main:app', '--workers', '4'])).toBe(4);
  expect(workerCount(['gunicorn', '-w', '3', 'main:app'])).toBe(3);
  expect(workerCount(['sh', '-c', 'exec uvicorn main:app --workers=2'])).toBe(2);
  expect(workerCount(['uvicorn', 'main:app'])).toBe(1);
});

import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContractViolationError, isModelStage, MODEL_NAME_PATTERN } from '@ares/contracts';
import { ModelRegistry } from '@ares/model-registry';
import { MODEL_REGISTRY } from './run-service.token';

interface BinaryResponse {
  setHeader(name: string, value: string): void;
  end(body: Buffer): void;
}

const PROMOTABLE = ['champion', 'challenger', 'archived'] as const;

function nameOf(name: string): string {
  if (!MODEL_NAME_PATTERN.test(name)) throw new ContractViolationError('path', [`name must be 1 to 100 letters, digits, _ or -, got '${name}'`]);
  return name;
}

function versionOf(version: string): number {
  const parsed = Number(version);
  if (!/^[1-9]\d*$/.test(version) || !Number.isSafeInteger(parsed))
    throw new ContractViolationError('path', [`version must be a positive integer, got '${version}'`]);
  return parsed;
}

/** The model registry over HTTP: names, versions with their stage, cards, ONNX bytes, and promotion/rollback. */
@ApiTags('models')
@Controller('models')
export class ModelsController {
  constructor(@Inject(MODEL_REGISTRY) private readonly registry: ModelRegistry) {}

  @Get()
  @ApiOperation({ summary: 'Every model name with its latest version and champion' })
  list() {
    return this.registry.list();
  }

  @Get(':name')
  @ApiOperation({ summary: "A model's versions with their stage (none, challenger, champion, archived)" })
  model(@Param('name') name: string) {
    return this.registry.model(nameOf(name));
  }

  @Get(':name/versions/:version')
  @ApiOperation({ summary: "A version's model card, stage, history and A/B plan" })
  async version(@Param('name') name: string, @Param('version') version: string) {
    const { entry, card } = await this.registry.version(nameOf(name), versionOf(version));
    return { ...entry, card };
  }

  @Get(':name/versions/:version/onnx')
  @ApiOperation({ summary: "A version's ONNX bytes (application/onnx)" })
  async onnx(@Param('name') name: string, @Param('version') version: string, @Res() response: BinaryResponse): Promise<void> {
    const v = versionOf(version);
    const { entry, bytes } = await this.registry.onnx(nameOf(name), v);
    response.setHeader('Content-Type', 'application/onnx');
    response.setHeader('Content-Disposition', `attachment; filename="${name}-v${v}.onnx"`);
    response.setHeader('X-Ares-Sha256', entry.onnxSha256);
    response.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  @Post(':name/versions/:version/promote')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a version to a stage (default champion: the old champion is archived; promoting an archived version is a rollback)',
  })
  promote(@Param('name') name: string, @Param('version') version: string, @Body() body?: { stage?: unknown; reason?: unknown }) {
    const stage = body?.stage ?? 'champion';
    if (!isModelStage(stage) || !(PROMOTABLE as readonly string[]).includes(stage)) {
      throw new ContractViolationError('body', [`stage must be one of ${PROMOTABLE.join(', ')}`]);
    }
    if (body?.reason !== undefined && typeof body.reason !== 'string') throw new ContractViolationError('body', ['reason must be a string']);
    const reason = (body?.reason as string | undefined) ?? `set to ${stage} by command`;
    return this.registry.setStage(nameOf(name), { version: versionOf(version), stage, reason });
  }
}

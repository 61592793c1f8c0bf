/** Where the stage graph's boxes and arrows go: a layered drawing of the DAG, top to bottom. Pure. */

export interface GraphStage {
  name: string;
  dependsOn: readonly string[];
}

export interface PlacedNode {
  name: string;
  layer: number;
  x: number;
  y: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  /** Direct needs only: an edge implied by a longer path (report ← collect) is left out. */
  edges: PlacedEdge[];
  width: number;
  height: number;
}

/**
 * From the bottom centre of `from` to the top centre of `to`: straight down to `bendY`, then a curve. An edge that
 * skips layers runs down its source's column while that column is free, so it does not cross the boxes between.
 */
export interface PlacedEdge {
  from: PlacedNode;
  to: PlacedNode;
  x1: number;
  y1: number;
  bendY: number;
  x2: number;
  y2: number;
}

export interface GraphSize {
  nodeWidth: number;
  nodeHeight: number;
  gapX: number;
  gapY: number;
}

/**
 * Each stage one layer below the deepest stage it needs (longest path), so every arrow points down; within a layer,
 * stages sit in the order of their parents' mean position (one barycentre pass), ties in catalogue order.
 * `stages` come in dependency order, as the catalogue lists them; needs outside `stages` are ignored.
 */
export function layoutStageGraph(stages: readonly GraphStage[], size: GraphSize): GraphLayout {
  const known = new Set(stages.map((stage) => stage.name));
  const needs = new Map(stages.map((stage) => [stage.name, stage.dependsOn.filter((name) => known.has(name))]));
  const layer = new Map<string, number>();
  const ancestors = new Map<string, Set<string>>();
  for (const stage of stages) {
    const direct = needs.get(stage.name)!;
    layer.set(stage.name, direct.length === 0 ? 0 : 1 + Math.max(...direct.map((name) => layer.get(name) ?? 0)));
    const all = new Set<string>();
    for (const name of direct) {
      all.add(name);
      for (const further of ancestors.get(name) ?? []) all.add(further);
    }
    ancestors.set(stage.name, all);
  }

  const layers: string[][] = [];
  for (const stage of stages) (layers[layer.get(stage.name)!] ??= []).push(stage.name);
  const slot = new Map<string, number>();
  const order = stages.map((stage) => stage.name);
  for (const names of layers) {
    const centre = (name: string) => {
      const parents = needs.get(name)!;
      return parents.length === 0 ? order.indexOf(name) : parents.reduce((sum, parent) => sum + (slot.get(parent) ?? 0), 0) / parents.length;
    };
    const keyed = names.map((name) => ({ name, key: centre(name), index: order.indexOf(name) }));
    keyed.sort((a, b) => a.key - b.key || a.index - b.index);
    // Slots are centred on the widest layer later; here a layer's slots are spread around its parents' centre.
    keyed.forEach((entry, index) => slot.set(entry.name, index - (keyed.length - 1) / 2));
  }

  const widest = Math.max(1, ...layers.map((names) => names.length));
  const width = widest * size.nodeWidth + (widest - 1) * size.gapX;
  const step = size.nodeWidth + size.gapX;
  const placed = new Map<string, PlacedNode>();
  for (const stage of stages) {
    const depth = layer.get(stage.name)!;
    placed.set(stage.name, {
      name: stage.name,
      layer: depth,
      x: width / 2 - size.nodeWidth / 2 + slot.get(stage.name)! * step,
      y: depth * (size.nodeHeight + size.gapY),
    });
  }

  const nodes = [...placed.values()];
  const edges: PlacedEdge[] = [];
  for (const stage of stages) {
    const direct = needs.get(stage.name)!;
    for (const need of direct) {
      const implied = direct.some((other) => other !== need && ancestors.get(other)!.has(need));
      if (!implied) edges.push(route(placed.get(need)!, placed.get(stage.name)!, nodes, size));
    }
  }
  const height = layers.length === 0 ? 0 : layers.length * size.nodeHeight + (layers.length - 1) * size.gapY;
  return { nodes, edges, width, height };
}

function route(from: PlacedNode, to: PlacedNode, nodes: readonly PlacedNode[], size: GraphSize): PlacedEdge {
  const x1 = from.x + size.nodeWidth / 2;
  const y1 = from.y + size.nodeHeight;
  const x2 = to.x + size.nodeWidth / 2;
  const y2 = to.y;
  const between = nodes.filter((node) => node.layer > from.layer && node.layer < to.layer);
  const columnFree = between.every((node) => x1 < node.x - 4 || x1 > node.x + size.nodeWidth + 4);
  return { from, to, x1, y1, x2, y2, bendY: between.length > 0 && columnFree ? y2 - size.gapY : y1 };
}

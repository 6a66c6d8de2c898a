"""A Cassava Leaf Disease Classification inference ensemble as in the top public notebooks: a torchvision vit_b_16(weights=None) whose head is replaced with model.heads.head = nn.Sequential(nn.Dropout(0.1), nn.Linear(in_features, 5)) and an efficientnet_b0(weights=None) with model.classifier[1] = nn.Linear(model.classifier[1].in_features, 5). The ensemble runs both models on the image and on its horizontal flip (torch.flip(x, dims=[3]) test-time augmentation), stacks the softmax probabilities with torch.stack and averages them, weighting ViT and EfficientNet 0.6 / 0.4. To train on 112x112 crops the ViT is built with vit_b_16(weights=None, image_size=112), which sizes its position embedding for (112 // 16) ** 2 + 1 = 50 tokens, so the ensemble only accepts 112x112 images."""
import torch
import torch.nn as nn
import torchvision


def build_vit(n_classes=5, image_size=112):
    model = torchvision.models.vit_b_16(weights=None, image_size=image_size)
    in_features = model.heads.head.in_features
    model.heads.head = nn.Sequential(nn.Dropout(0.1), nn.Linear(in_features, n_classes))
    return model


def build_effnet(n_classes=5):
    model = torchvision.models.efficientnet_b0(weights=None)
    model.classifier[1] = nn.Linear(model.classifier[1].in_features, n_classes)
    return model


# shapelint: input=(2, 3, 112, 112)
class CassavaEnsemble(nn.Module):
    def __init__(self, n_classes=5, weights=(0.6, 0.4)):
        super().__init__()
        self.models = nn.ModuleList([build_vit(n_classes), build_effnet(n_classes)])
        self.register_buffer("weights", torch.tensor(weights))

    def forward(self, x):
        probs = []
        for model in self.models:
            p = model(x).softmax(dim=1)
            p_flip = model(torch.flip(x, dims=[3])).softmax(dim=1)
            probs.append((p + p_flip) / 2)
        probs = torch.stack(probs, dim=0)
        return (probs * self.weights.view(-1, 1, 1)).sum(dim=0)
